import { expect, test } from "@playwright/test";
import { createTopic, kcatProduce, uniqueTopic } from "./kafka";

test.describe("topics overview", () => {
  test("lists topics with partitions, throughput, totals and dead-letter badges, sortable and filterable", async ({
    page,
  }) => {
    const topic = uniqueTopic("throughput");
    const dlt = `${topic}.DLT`;
    await createTopic(topic, 3);
    await createTopic(dlt, 1);

    await page.goto("/topics");
    await expect(page.getByRole("status", { name: "Kafka connection" })).toHaveText("connected");
    const row = page.getByRole("row", { name: `topic ${topic}`, exact: true });
    await expect(row).toBeVisible();
    await expect(row.getByRole("cell").nth(1)).toHaveText("3");

    await kcatProduce(["-t", topic], Array.from({ length: 25 }, (_, i) => `record ${i}`).join("\n") + "\n");
    await kcatProduce(["-t", dlt], "poison\n");
    await expect(row.getByRole("cell").nth(4)).toHaveText("25");
    await expect(row.getByRole("cell").nth(2)).not.toHaveText("0.0");
    const dltRow = page.getByRole("row", { name: `topic ${dlt}`, exact: true });
    await expect(dltRow).toContainText("dead letters");
    await expect(dltRow.getByRole("cell").nth(4)).toHaveText("1");
    await expect(row).not.toContainText("dead letters");
    await expect(page.getByRole("img", { name: `${topic} records per second, last 60 seconds` })).toBeVisible();

    await page.getByRole("searchbox", { name: "Filter topics" }).fill(topic);
    await expect(page.getByRole("table", { name: "Topics" }).getByRole("row")).toHaveCount(3); // header + 2
    await page.getByRole("button", { name: "Topic" }).click();
    await expect(page.getByRole("columnheader", { name: "Topic" })).toHaveAttribute("aria-sort", "ascending");
    const names = page.getByRole("table", { name: "Topics" }).locator("tbody tr td:first-child");
    await expect(names).toHaveText([topic, `${dlt}dead letters`]);
    await page.getByRole("button", { name: "Topic" }).click();
    await expect(names).toHaveText([`${dlt}dead letters`, topic]);

    await expect(page.getByRole("region", { name: "Cluster totals" })).toBeVisible();
    await page.screenshot({ path: "test-results/topics-overview.png" });
  });

  test("navigates between the stream and the topics pages", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Topics" }).click();
    await expect(page).toHaveURL(/\/topics$/);
    await expect(page.getByRole("heading", { name: "Topics" })).toBeVisible();
    await page.getByRole("link", { name: "Stream" }).click();
    await expect(page.getByRole("heading", { name: "Live stream" })).toBeVisible();
  });
});
