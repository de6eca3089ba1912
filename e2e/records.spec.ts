import { expect, test } from "@playwright/test";
import { createTopic, kcatProduce, uniqueTopic } from "./kafka";

test.describe("records on demand", () => {
  test("reads a partition from an offset, pages to older records, and downloads a large value whole", async ({
    page,
  }) => {
    const topic = uniqueTopic("history");
    await createTopic(topic, 1);
    await kcatProduce(["-t", topic], Array.from({ length: 30 }, (_, i) => `{"n":${i}}`).join("\n") + "\n");
    const big = "x".repeat(100_000);
    await kcatProduce(["-t", topic, "-k", "big"], `{"blob":"${big}"}\n`);

    await page.goto("/records");
    await page.getByRole("textbox", { name: "Topic" }).fill(topic);
    await page.getByRole("textbox", { name: "From offset or time" }).fill("25");
    await page.getByRole("button", { name: "Read" }).click();
    const range = page.getByRole("status", { name: "Records range" });
    await expect(range).toContainText(`offsets 25–30 of ${topic}/0 (partition holds 0–30)`);
    const table = page.getByRole("table", { name: "Records read" });
    await expect(table.getByRole("row", { name: `${topic} partition 0 offset 25` })).toBeVisible();
    await page.getByRole("button", { name: "Older" }).click();
    await expect(range).toContainText("offsets 0–30");

    await table.getByRole("row", { name: `${topic} partition 0 offset 30` }).click();
    const download = page
      .getByRole("region", { name: `Record ${topic}/0/30` })
      .getByRole("link", { name: "download the whole value" });
    const href = await download.getAttribute("href");
    const whole = await (await page.request.get(href!)).text();
    expect(whole).toBe(`{"blob":"${big}"}`);
  });
});
