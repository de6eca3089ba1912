import { expect, test } from "@playwright/test";
import { createTopic, kcatProduce, uniqueTopic } from "./kafka";

const lines = (n: number, from = 0, tag = "r") =>
  Array.from({ length: n }, (_, i) => `k${from + i}|{"${tag}":${from + i},"pad":"${"x".repeat(40)}"}`).join("\n") +
  "\n";

test.describe("live tail", () => {
  test("starts from an offset and from a time, pages older and newer, and goes back to live", async ({ page }) => {
    const topic = uniqueTopic("history");
    await createTopic(topic);
    const before = new Date(Date.now() - 60_000);
    await kcatProduce(["-t", topic, "-K", "|"], lines(250));
    await page.goto("/");
    await expect(page.getByRole("status", { name: "Kafka connection" })).toHaveText("connected");
    await expect(page.getByRole("combobox", { name: "Start from" })).toBeVisible();

    await page.getByRole("combobox", { name: "Start from" }).selectOption("offset");
    await expect(page.getByRole("combobox", { name: "History topic" }).locator(`option[value="${topic}"]`)).toHaveCount(
      1,
    );
    await page.getByRole("combobox", { name: "History topic" }).selectOption(topic);
    await page.getByRole("textbox", { name: "Start offset" }).fill("10");
    await page.getByRole("button", { name: "Read" }).click();
    const history = page.getByRole("status", { name: "History" });
    await expect(history).toContainText(`${topic} from offset 10: 200 records`);
    // Newest of the page on top; the table is virtualized, so far fewer rows than records are in the DOM.
    await expect(page.getByRole("row", { name: `${topic} partition 0 offset 209` })).toBeVisible();
    expect(await page.locator("tbody tr[aria-rowindex]").count()).toBeLessThan(120);

    await page.getByRole("button", { name: "Load newer" }).click();
    await expect(history).toContainText("240 records");
    await expect(page.getByRole("row", { name: `${topic} partition 0 offset 249` })).toBeVisible();
    await page.getByRole("button", { name: "Load older" }).click();
    await expect(history).toContainText("250 records");
    await expect(page.getByRole("button", { name: "No older records" })).toBeDisabled();
    // The oldest record is at the bottom: scrolling there renders it.
    await page.getByTestId("stream-scroll").evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(page.getByRole("row", { name: `${topic} partition 0 offset 0` })).toBeVisible();

    // From a time: everything produced after it.
    await page.getByRole("combobox", { name: "Start from" }).selectOption("time");
    const local = new Date(before.getTime() - before.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
    await page.getByLabel("Start time").fill(local);
    await page.getByRole("button", { name: "Read" }).click();
    await expect(history).toContainText("200 records");
    await expect(page.getByRole("row", { name: `${topic} partition 0 offset 199` })).toBeVisible();

    // Back to live: the paused stream resumes, and new records show up again.
    await page.getByRole("button", { name: "Back to live" }).click();
    await expect(history).toHaveCount(0);
    await kcatProduce(["-t", topic, "-K", "|"], lines(1, 250));
    await expect(page.getByRole("row", { name: `${topic} partition 0 offset 250` })).toBeVisible();
    await page.screenshot({ path: "test-results/live-tail-history.png" });
  });

  test("samples a stream faster than the tab's max rate and says showing N of M", async ({ page }) => {
    const topic = uniqueTopic("fast");
    await createTopic(topic);
    await page.goto("/");
    await expect(page.getByRole("status", { name: "Kafka connection" })).toHaveText("connected");
    await page.getByRole("textbox", { name: "Server filter" }).fill(`topic == "${topic}"`);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByRole("status", { name: "Server filter state" })).toContainText("filtering on the server");
    await page.getByRole("combobox", { name: "Max records per second" }).selectOption("10");
    // Make sure the server knows the topic before the burst (new topics are found on a metadata refresh).
    await kcatProduce(["-t", topic, "-K", "|"], lines(1, 0));
    await expect(page.getByRole("row", { name: `${topic} partition 0 offset 0` })).toBeVisible();

    // About 400 records/s for 5 s against a 10/s limit.
    const sampling = page.getByRole("status", { name: "Sampling" });
    for (let i = 0; i < 10; i++) {
      await kcatProduce(["-t", topic, "-K", "|"], lines(200, 1 + i * 200));
      if (await sampling.isVisible()) break;
      await page.waitForTimeout(300);
    }
    await expect(sampling).toContainText(/showing \d+ of [\d,]+ records\/s/);
    const [shown, of] = (/showing (\d+) of ([\d,]+)/.exec((await sampling.textContent()) ?? "") ?? [])
      .slice(1)
      .map((s) => Number(s.replace(/,/g, "")));
    expect(shown).toBeLessThanOrEqual(10);
    expect(of).toBeGreaterThan(shown!);
    // Far fewer records reached the page than were produced, and none were counted as "dropped".
    const count = await page.locator("p[aria-live]").textContent();
    expect(Number(/([\d,]+) records shown/.exec(count ?? "")![1]!.replace(/,/g, ""))).toBeLessThan(200);
    expect(count).not.toContain("not delivered");
  });

  test("shows the codec of a compressed batch and the timestamp type in the record detail", async ({ page }) => {
    const topic = uniqueTopic("zstd");
    await createTopic(topic);
    await page.goto("/");
    await expect(page.getByRole("status", { name: "Kafka connection" })).toHaveText("connected");
    await kcatProduce(["-t", topic, "-K", "|", "-z", "zstd"], lines(40));
    const row = page.getByRole("row", { name: `${topic} partition 0 offset 39` });
    await row.click();
    const meta = page.getByRole("region", { name: `Record ${topic}/0/39` }).getByTestId("record-meta");
    await expect(meta).toContainText("compressed with zstd");
    await expect(meta).toContainText("CreateTime");
  });
});
