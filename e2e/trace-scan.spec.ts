import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createTopic, kcatProduce, uniqueTopic } from "./kafka";

test.describe("trace scan", () => {
  test("an id the index does not have is found by scanning a topic that is not read, on the same timeline", async ({
    page,
  }) => {
    const trace = randomBytes(16).toString("hex");
    // e2e-unread-* is excluded from ingest (global-setup): its records never reach the trace index.
    const topic = uniqueTopic("t").replace(/^e2e-/, "e2e-unread-");
    await createTopic(topic, 2);
    await kcatProduce(["-t", topic], Array.from({ length: 200 }, (_, i) => `{"n":${i}}`).join("\n"));
    for (const at of ["first", "second"])
      await kcatProduce(
        ["-t", topic, "-H", `traceparent=00-${trace}-${randomBytes(8).toString("hex")}-01`],
        `{"at":"${at}"}\n`,
      );

    await page.goto(`/traces?id=${trace}`);
    await expect(page.getByText("No recent record carries this id.")).toBeVisible();
    const scan = page.getByRole("region", { name: "Scan topics" });
    await scan.getByRole("textbox", { name: "Filter topics" }).fill(topic);
    await scan.getByRole("button", { name: `Add “${topic}”` }).click();
    await expect(scan.getByRole("checkbox", { name: topic })).toBeChecked();
    await scan.getByRole("button", { name: "Scan 1 topic" }).click();

    await expect(scan.getByRole("status", { name: "Scan progress" })).toContainText(
      "done: 202 of 202 records, 2 found",
    );
    await expect(page.getByRole("status", { name: "Trace summary" })).toContainText("2 records on 1 topics");
    const hops = page.getByRole("table", { name: "Hops" }).locator("tbody tr");
    await expect(hops).toHaveCount(2);
    await expect(hops.nth(0)).toContainText('{"at":"first"}');
    await expect(hops.nth(0)).toContainText("traceparent");
    await expect(page.getByRole("region", { name: "Timeline" }).locator("span[title]")).toHaveCount(2);
    await page.screenshot({ path: "test-results/trace-scan.png", fullPage: true });
  });
});
