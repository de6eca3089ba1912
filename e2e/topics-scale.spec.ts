import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { Kafka, logLevel } from "kafkajs";
import { brokers } from "./kafka";

/**
 * The topics page at a few thousand topics on the real broker: the server
 * sorts, filters, counts and pages (GET /api/topics/view), the table shows
 * one page. kcat cannot create topics, so the kafkajs admin creates them in
 * batches of a few hundred; the broker is shared by every spec, so they are
 * prefixed and deleted afterwards.
 */
const COUNT = 3000;
const BATCH = 300;
const prefix = `e2e-scale-${randomBytes(3).toString("hex")}`;
const numbered = Array.from({ length: COUNT }, (_, i) => `${prefix}-${String(i).padStart(4, "0")}`);
const wide = `${prefix}-parts`;
const long = `${prefix}-long-${"very-long-topic-name-segment-".repeat(6)}end`;
const all = [...numbered, wide, long];

const admin = () =>
  new Kafka({ clientId: "e2e-scale", brokers: brokers().split(","), logLevel: logLevel.NOTHING }).admin();

async function inBatches(topics: string[], run: (batch: string[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < topics.length; i += BATCH) await run(topics.slice(i, i + BATCH));
}

test.describe("topics page at thousands of topics", () => {
  test.describe.configure({ timeout: 240_000 });

  test.beforeAll(async () => {
    const a = admin();
    await a.connect();
    try {
      await a.createTopics({ topics: [{ topic: wide, numPartitions: 7 }], waitForLeaders: true });
      await inBatches([...numbered, long], (batch) =>
        a.createTopics({ topics: batch.map((topic) => ({ topic, numPartitions: 1 })), timeout: 60_000 }),
      );
    } finally {
      await a.disconnect();
    }
  });

  test.afterAll(async () => {
    const a = admin();
    await a.connect();
    try {
      await inBatches(all, (batch) => a.deleteTopics({ topics: batch, timeout: 60_000 }));
    } finally {
      await a.disconnect();
    }
  });

  test("counts, sorts by name and by partitions, filters, truncates long names and opens a topic", async ({ page }) => {
    await page.goto("/topics");
    const matching = page.getByRole("status", { name: "Matching topics" });
    const table = page.getByRole("table", { name: "Topics" });
    const bodyRows = table.locator("tbody tr");
    const names = table.locator("tbody tr td:first-child");

    // Every topic is counted (ours and the other specs'), one page of them is in the table.
    await expect
      .poll(
        async () => {
          const m = (await matching.textContent())?.match(/^([\d,]+) of ([\d,]+) topics$/);
          return m && m[1] === m[2] ? Number(m[1]!.replaceAll(",", "")) : 0;
        },
        { timeout: 120_000 },
      )
      .toBeGreaterThanOrEqual(all.length);
    await expect(bodyRows).toHaveCount(100);

    await page.getByRole("searchbox", { name: "Filter topics" }).fill(prefix);
    await expect(matching).toHaveText(new RegExp(`^${all.length.toLocaleString("en-US")} of [\\d,]+ topics$`));
    await expect(page.getByRole("status", { name: "Rows shown" })).toHaveText(
      `1–100 of ${all.length.toLocaleString("en-US")}`,
    );

    // By name: ascending, then descending.
    await page.getByRole("button", { name: "Topic", exact: true }).click();
    await expect(page.getByRole("columnheader", { name: "Topic" })).toHaveAttribute("aria-sort", "ascending");
    await expect(names.first()).toHaveText(numbered[0]!);
    await expect(names.nth(2)).toHaveText(numbered[2]!);
    await page.getByRole("button", { name: "Next page" }).click();
    await expect(page.getByRole("status", { name: "Rows shown" })).toHaveText(
      `101–200 of ${all.length.toLocaleString("en-US")}`,
    );
    await expect(names.first()).toHaveText(numbered[100]!);
    await page.getByRole("button", { name: "Topic", exact: true }).click();
    await expect(page.getByRole("columnheader", { name: "Topic" })).toHaveAttribute("aria-sort", "descending");
    await expect(names.first()).toHaveText(wide);
    await expect(names.nth(1)).toHaveText(long);
    await expect(names.nth(2)).toHaveText(numbered[COUNT - 1]!);

    // By partitions: the 7-partition topic first.
    await page.getByRole("button", { name: "Partitions" }).click();
    await expect(page.getByRole("columnheader", { name: "Partitions" })).toHaveAttribute("aria-sort", "descending");
    await expect(names.first()).toHaveText(wide);
    await expect(bodyRows.first().getByRole("cell").nth(1)).toHaveText("7");

    // A substring narrows the list to its ten matches.
    await page.getByRole("searchbox", { name: "Filter topics" }).fill(`${prefix}-012`);
    await expect(matching).toHaveText(/^10 of [\d,]+ topics$/);
    await expect(bodyRows).toHaveCount(10);

    // A long name is cut with an ellipsis; the whole name is its title.
    await page.getByRole("searchbox", { name: "Filter topics" }).fill(`${prefix}-long`);
    const longLink = table.getByRole("link", { name: long });
    await expect(longLink).toHaveAttribute("title", long);
    expect(await longLink.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await longLink.evaluate((el) => getComputedStyle(el).textOverflow)).toBe("ellipsis");

    await page.getByRole("searchbox", { name: "Filter topics" }).fill(prefix);
    await page.getByRole("button", { name: "Topic", exact: true }).click();
    await expect(names.first()).toHaveText(numbered[0]!);
    await page.screenshot({ path: "test-results/topics-scale.png" });

    // Opening one goes to its page.
    await table.getByRole("link", { name: numbered[3]!, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/topics/${numbered[3]}$`));
    await expect(page.getByRole("heading", { name: numbered[3]! })).toBeVisible();
  });
});
