import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createTopic, kcatProduce, uniqueTopic } from "./kafka";

test.describe("trace view", () => {
  test("follows a W3C trace across topics from a record's detail, on one timeline with the gaps between hops", async ({
    page,
  }) => {
    const trace = randomBytes(16).toString("hex");
    const topics = [uniqueTopic("t-orders"), uniqueTopic("t-payments"), uniqueTopic("t-shipping")];
    for (const t of topics) await createTopic(t, 1);
    await page.goto("/");
    await expect(page.getByRole("status", { name: "Kafka connection" })).toHaveText("connected");
    for (const t of topics) {
      await kcatProduce(
        ["-t", t, "-H", `traceparent=00-${trace}-${randomBytes(8).toString("hex")}-01`, "-H", "saga-id=o-trace"],
        `{"at":"${t}"}\n`,
      );
    }
    const first = page.getByRole("row", { name: `${topics[0]} partition 0 offset 0` });
    await first.click();
    await page
      .getByRole("region", { name: `Record ${topics[0]}/0/0` })
      .getByRole("link", { name: "trace traceparent" })
      .click();
    await expect(page).toHaveURL(new RegExp(`/traces\\?id=${trace}$`));
    await expect(page.getByRole("status", { name: "Trace summary" })).toContainText("3 records on 3 topics");
    const hops = page.getByRole("table", { name: "Hops" }).locator("tbody tr");
    await expect(hops).toHaveCount(3);
    await expect(hops.nth(0)).toContainText(`${topics[0]}/0/0`);
    await expect(hops.nth(0)).toContainText("traceparent");
    await expect(hops.nth(1)).toContainText(/\+\d+ ms/);
    await expect(page.getByRole("region", { name: "Timeline" }).locator("span[title]")).toHaveCount(3);
    const api = await (await page.request.get(`/api/traces/${trace}`)).json();
    expect(api.topics).toEqual(topics);
    await page.screenshot({ path: "test-results/trace.png" });
  });
});
