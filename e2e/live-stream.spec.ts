import { expect, test } from "@playwright/test";
import { createTopic, kcatProduce, uniqueTopic } from "./kafka";

test.describe("live stream", () => {
  test("shows a record produced by kcat, with key, headers and pretty JSON", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("status", { name: "Server connection" })).toHaveText("connected");
    await expect(page.getByRole("status", { name: "Kafka connection" })).toHaveText("connected");

    const topic = uniqueTopic("orders");
    await createTopic(topic);
    // The server picks up new topics on its metadata refresh and reads them from the start.
    await kcatProduce(
      ["-t", topic, "-K", "|", "-H", "saga-id=o-42", "-H", "event-type=OrderCreated"],
      'o-42|{"orderId":"o-42","amount":129.5,"currency":"EUR"}\n',
    );

    const row = page.getByRole("row", { name: `${topic} partition 0 offset 0` });
    await expect(row).toBeVisible();
    await expect(row).toContainText("o-42");
    await expect(row).toContainText("event-type=OrderCreated");
    await expect(row).toContainText('{"orderId":"o-42","amount":129.5,"currency":"EUR"}');

    await row.click();
    const detail = page.getByRole("region", { name: `Record ${topic}/0/0` });
    await expect(detail).toContainText('"amount": 129.5');
    await expect(detail.getByRole("rowheader", { name: "saga-id" })).toBeVisible();
    await page.screenshot({ path: "test-results/live-stream.png", fullPage: false });
  });

  test("renders hostile payloads as inert text", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("status", { name: "Kafka connection" })).toHaveText("connected");
    const topic = uniqueTopic("xss");
    await createTopic(topic);
    const payloads = [
      "<script>window.__xss = 1</script>",
      '<img src=x onerror="window.__xss = 2">',
      "javascript:window.__xss=3",
    ];
    await kcatProduce(
      ["-t", topic, "-K", "|", "-H", "note=<b onmouseover=window.__xss=4>hi</b>"],
      payloads.map((p, i) => `<i>k${i}</i>|${p}`).join("\n") + "\n",
    );
    for (let i = 0; i < payloads.length; i++) {
      await expect(page.getByRole("row", { name: `${topic} partition 0 offset ${i}` })).toContainText(payloads[i]!);
    }
    await page.getByRole("row", { name: `${topic} partition 0 offset 1` }).click();
    await expect(page.getByRole("region", { name: `Record ${topic}/0/1` })).toContainText(
      "<b onmouseover=window.__xss=4>hi</b>",
    );
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await expect(page.locator("tbody img, tbody script, tbody b")).toHaveCount(0);
  });

  test("pauses and resumes the stream and filters by topic", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("status", { name: "Kafka connection" })).toHaveText("connected");
    const topic = uniqueTopic("pause");
    await createTopic(topic);
    await kcatProduce(["-t", topic], "first\n");
    await expect(page.getByRole("row", { name: `${topic} partition 0 offset 0` })).toBeVisible();

    await page.getByRole("button", { name: "Pause" }).click();
    await kcatProduce(["-t", topic], "second\n");
    await expect(page.getByText(/paused, 1 new/)).toBeVisible();
    await expect(page.getByRole("row", { name: `${topic} partition 0 offset 1` })).toHaveCount(0);
    await page.getByRole("button", { name: "Resume" }).click();
    await expect(page.getByRole("row", { name: `${topic} partition 0 offset 1` })).toBeVisible();

    await page.getByRole("checkbox", { name: topic }).uncheck();
    await expect(page.getByRole("row", { name: `${topic} partition 0 offset 1` })).toHaveCount(0);
    await page.getByRole("checkbox", { name: topic }).check();
    await expect(page.getByRole("row", { name: `${topic} partition 0 offset 1` })).toBeVisible();
  });
});
