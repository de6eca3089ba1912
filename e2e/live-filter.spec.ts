import { expect, test } from "@playwright/test";
import { createTopic, kcatProduce, uniqueTopic } from "./kafka";

test.describe("server-side live filter", () => {
  test("shows only the records matching an expression, explains a syntax error, and clears", async ({ page }) => {
    const topic = uniqueTopic("filter");
    await createTopic(topic, 1);
    await page.goto("/");
    await expect(page.getByRole("status", { name: "Kafka connection" })).toHaveText("connected");
    const input = page.getByRole("textbox", { name: "Server filter" });
    const state = page.getByRole("status", { name: "Server filter state" });

    await input.fill("value.amount >");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(state).toContainText("expected a value or a path at position 15");

    await input.fill(`topic == "${topic}" && value.amount > 100 && headers.tier in ["gold", "platinum"]`);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(state).toContainText("filtering on the server");
    for (const [offset, amount, tier] of [
      [0, 50, "gold"],
      [1, 150, "gold"],
      [2, 300, "silver"],
      [3, 700, "platinum"],
    ] as const) {
      await kcatProduce(["-t", topic, "-H", `tier=${tier}`], `{"amount":${amount},"n":${offset}}\n`);
    }
    await expect(page.getByRole("row", { name: `${topic} partition 0 offset 3` })).toBeVisible();
    await expect(page.getByRole("row", { name: `${topic} partition 0 offset 1` })).toBeVisible();
    await expect(page.getByRole("row", { name: `${topic} partition 0 offset 0` })).toHaveCount(0);
    await expect(page.getByRole("row", { name: `${topic} partition 0 offset 2` })).toHaveCount(0);

    await page.getByRole("button", { name: "Clear filter" }).click();
    await expect(state).toHaveText("no server filter");
    await kcatProduce(["-t", topic, "-H", "tier=bronze"], `{"amount":1}\n`);
    await expect(page.getByRole("row", { name: `${topic} partition 0 offset 4` })).toBeVisible();
  });
});
