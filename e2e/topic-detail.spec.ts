import { expect, test } from "@playwright/test";
import { createTopic, kcatProduce, uniqueTopic } from "./kafka";

test.describe("topic throughput over time", () => {
  test("opens a topic from the overview, charts its records, per partition and over 5 min / 1 h / 24 h", async ({
    page,
  }) => {
    const topic = uniqueTopic("detail");
    await createTopic(topic, 2);

    await page.goto("/topics");
    await expect(page.getByRole("status", { name: "Kafka connection" })).toHaveText("connected");
    await page.getByRole("link", { name: topic, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/topics/${topic}$`));
    await expect(page.getByRole("heading", { name: topic })).toBeVisible();

    const records = page.getByRole("img", { name: `${topic} records per second` });
    const bytes = page.getByRole("img", { name: `${topic} bytes per second` });
    await expect(records).toBeVisible();
    await expect(bytes).toBeVisible();
    // The 5 min view always has one point per second, with or without traffic.
    await expect(records).toHaveAttribute("data-points", "300");

    // 30 records on partition 1 only (kcat -p), then the chart has a non-zero area.
    await kcatProduce(["-t", topic, "-p", "1"], Array.from({ length: 30 }, (_, i) => `{"n":${i}}`).join("\n") + "\n");
    const range = page.getByRole("group", { name: "Time range" });
    await expect(range.getByRole("button", { name: "5 min" })).toHaveAttribute("aria-pressed", "true");
    await expect.poll(async () => sumFromApi(page, topic, -1, "5m"), { timeout: 20_000 }).toBe(30);
    await expect(records.locator("path.recharts-area-area")).toBeVisible();

    await page.getByRole("combobox", { name: "Partition" }).selectOption("0");
    await expect(page.getByRole("heading", { name: "Records per second · partition 0" })).toBeVisible();
    expect(await sumFromApi(page, topic, 0, "5m")).toBe(0);
    await page.getByRole("combobox", { name: "Partition" }).selectOption("1");
    expect(await sumFromApi(page, topic, 1, "5m")).toBe(30);

    await range.getByRole("button", { name: "1 hour" }).click();
    await expect(range.getByRole("button", { name: "1 hour" })).toHaveAttribute("aria-pressed", "true");
    await expect(records).toHaveAttribute("data-points", "360");
    await expect(page.getByText("360 points, 10 s each")).toBeVisible();

    await range.getByRole("button", { name: "24 hours" }).click();
    await expect(page.getByText(/points, \d+ s each/)).toBeVisible();
    expect(Number(await records.getAttribute("data-points"))).toBeLessThanOrEqual(1000);
    await page.screenshot({ path: "test-results/topic-detail.png" });
  });
});

/** The records the server charts for a range: what the page shows, read from the same endpoint. */
async function sumFromApi(
  page: import("@playwright/test").Page,
  topic: string,
  partition: number,
  range: string,
): Promise<number> {
  const res = await page.request.get(
    `/api/throughput?topic=${encodeURIComponent(topic)}&partition=${partition}&range=${range}`,
  );
  const h = (await res.json()) as { step: number; points: Array<{ recordsPerSec: number }> };
  return Math.round(h.points.reduce((s, p) => s + p.recordsPerSec * h.step, 0));
}
