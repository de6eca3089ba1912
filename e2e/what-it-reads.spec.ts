import { expect, test } from "@playwright/test";
import { createTopic, kcatProduce, uniqueTopic } from "./kafka";

test.describe("what Sagascope reads", () => {
  test("the status bar links to every read topic with who reads it and why", async ({ page }) => {
    const plain = uniqueTopic("reads");
    const deadLetter = `${plain}.DLT`;
    await createTopic(plain);
    await createTopic(deadLetter);
    await kcatProduce(["-t", plain], "one\ntwo\n");
    await kcatProduce(["-t", deadLetter], "poison\n");

    await page.goto("/");
    const reads = page.getByRole("link", { name: /^\d[\d,]* topics · [\d.,]+ rec\/s$/ });
    await expect(reads).toBeVisible();
    await reads.click();
    await expect(page).toHaveURL(/\/reads$/);
    await expect(page.getByRole("heading", { name: "What Sagascope reads" })).toBeVisible();
    await expect(page.getByLabel("Read totals")).toContainText(/topics · [\d.,]+ rec\/s · /);

    await page.getByRole("searchbox", { name: "Filter topics" }).fill(plain);
    const table = page.getByRole("table", { name: "Topics read" });
    // Polled every 5 s: the new topics appear with the metadata refresh after they were created.
    const dlq = table.getByRole("row").filter({ hasText: "dead-letter pattern" });
    await expect(dlq).toHaveCount(1);
    await expect(dlq).toContainText(deadLetter);
    await expect(dlq).toContainText("dlq");
    const plainRows = table.locator(`tr[data-topic="${plain}"]`);
    // e2e/global-setup.ts reads the specs' own topics whole (INGEST_TOPICS=e2e-*); this tab, asking for every
    // topic of a small cluster, tails it too. The dead-letter topic has a reader of its own.
    await expect(plainRows.filter({ hasText: "INGEST_TOPICS" })).toHaveCount(1);
    await expect(plainRows.first()).toContainText("INGEST_TOPICS reader · reading");
    await expect(table.locator(`tr[data-topic="${deadLetter}"]`).first()).toContainText("positions kept · reading");
    await page.screenshot({ path: "test-results/what-it-reads.png", fullPage: true });
  });
});
