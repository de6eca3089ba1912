import { expect, test } from "@playwright/test";
import { createTopic, kcatProduce, uniqueTopic } from "./kafka";

test.describe("topic profile", () => {
  test("the topic page says what is on the topic; the list shows its format and event types", async ({ page }) => {
    const topic = uniqueTopic("profile");
    await createTopic(topic, 2);
    const long = `x-${"very-long-header-name-".repeat(8)}end`;
    // 12 event types (more than the 10 listed), a long header name and one that looks like markup.
    await kcatProduce(
      [
        "-t",
        topic,
        "-K",
        ":",
        "-H",
        `${long}=1`,
        "-H",
        "<b>bold</b>=2",
        "-H",
        "traceparent=00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01",
      ],
      Array.from({ length: 12 }, (_, i) => `k${i}:{"type":"OrderEventNumber${i}","n":${i}}`).join("\n"),
    );
    // Profiles are taken again every few seconds here (global-setup): wait for one that has all 12 records.
    await expect
      .poll(
        async () => {
          const res = await page.request.get(`/api/topics/${topic}/profile`);
          return res.ok() ? ((await res.json()) as { records: number }).records : -1;
        },
        { timeout: 30_000 },
      )
      .toBe(12);

    await page.goto(`/topics/${encodeURIComponent(topic)}`);
    const panel = page.getByRole("region", { name: "What is on this topic" });
    await expect(panel).toContainText("JSON 100 %");
    await expect(panel).toContainText("100 % of records have a key");
    await expect(panel).toContainText("from 12 records");
    await expect(panel.getByRole("list", { name: "Event types" }).getByRole("listitem")).toHaveCount(11);
    await expect(panel.getByRole("list", { name: "Event types" })).toContainText("and more");
    const headers = panel.getByRole("list", { name: "Headers" });
    await expect(headers).toContainText("traceparent");
    // Untrusted names are text: the markup-looking header is shown as written, and no <b> element is made of it.
    await expect(headers).toContainText("<b>bold</b>");
    await expect(headers.locator("b")).toHaveCount(0);
    await expect(headers.getByTitle(long)).toBeVisible();
    await expect(panel).toContainText("Trace headers");
    await page.screenshot({ path: "test-results/topic-profile.png", fullPage: true });

    await page.goto("/topics");
    await page.getByRole("searchbox", { name: "Filter topics" }).fill(topic);
    const row = page.getByRole("row", { name: `topic ${topic}` });
    await expect(row).toContainText("JSON · 12 types");
    await page.screenshot({ path: "test-results/topics-content.png", fullPage: true });
  });
});
