import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createTopic, kcatProduce, kcatRun, uniqueTopic } from "./kafka";

test.describe("streams under real clients", () => {
  test("a consumer group that kcat created with -G appears with its lag", async ({ page }) => {
    const topic = uniqueTopic("kcatgroup");
    const group = `${topic}-g`;
    await createTopic(topic);
    await kcatProduce(["-t", topic], "a\nb\nc\n");
    // A balanced kcat consumer reads to the end, commits and exits; then 7 more records arrive that nobody reads.
    const read = await kcatRun(["-G", group, "-o", "beginning", "-e", "-X", "auto.commit.interval.ms=100", topic]);
    expect(read.split("\n").filter(Boolean)).toEqual(["a", "b", "c"]);
    await kcatProduce(["-t", topic], Array.from({ length: 7 }, (_, i) => `late-${i}`).join("\n") + "\n");

    await page.goto("/groups");
    const row = page.getByRole("row", { name: `group ${group}` });
    await expect(row).toBeVisible();
    await expect(row.getByRole("cell").nth(4)).toHaveText("7");
    await row.getByRole("link", { name: group }).click();
    await expect(page.getByRole("table", { name: "Partitions" })).toContainText(topic);
  });

  test("a 10 MB record arrives as a bounded preview, the page stays usable, and the whole value downloads", async ({
    page,
    request,
  }) => {
    const topic = uniqueTopic("huge");
    await createTopic(topic);
    await page.goto("/");
    await expect(page.getByRole("status", { name: "Kafka connection" })).toHaveText("connected");
    const dir = mkdtempSync(path.join(os.tmpdir(), "sagascope-e2e-"));
    const file = path.join(dir, "big.json");
    const big = JSON.stringify({ items: Array.from({ length: 200_000 }, (_, i) => ({ i, sku: `sku-${i}` })) }).padEnd(
      10 * 1024 * 1024,
      " ",
    );
    writeFileSync(file, big);
    await kcatProduce(["-t", topic, "-X", "message.max.bytes=20000000", file], "");
    await kcatProduce(["-t", topic], "small after big\n");

    const row = page.getByRole("row", { name: `${topic} partition 0 offset 0` });
    await expect(row).toContainText("truncated");
    await expect(row).toContainText("10.0 MB");
    await expect(page.getByRole("row", { name: `${topic} partition 0 offset 1` })).toContainText("small after big");
    await row.click();
    const detail = page.getByRole("region", { name: `Record ${topic}/0/0` });
    await expect(detail).toContainText("preview truncated");
    // What the page holds for it is a preview, not 10 MB.
    expect(await detail.evaluate((el) => el.textContent?.length ?? 0)).toBeLessThan(200_000);
    // Still usable: other controls answer.
    await page.getByRole("button", { name: "Pause" }).click();
    await expect(page.getByRole("button", { name: "Resume" })).toBeVisible();
    await page.getByRole("button", { name: "Resume" }).click();
    const href = await detail.getByRole("link", { name: "download the whole value" }).getAttribute("href");
    const whole = await request.get(href!);
    expect((await whole.body()).length).toBe(Buffer.byteLength(big));
  });
});
