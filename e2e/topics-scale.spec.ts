import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { Kafka, logLevel } from "kafkajs";
import { brokers, kcatProduce } from "./kafka";

/**
 * The topics page at a few thousand topics on the real broker: the server
 * sorts, filters, counts and pages (GET /api/topics/view), the table shows
 * one page. kcat cannot create topics, so the kafkajs admin creates them in
 * batches of a few hundred; the broker is shared by every spec, so they are
 * prefixed and deleted afterwards.
 */
const COUNT = 3000;
const BATCH = 300;
const prefix = `scale-${randomBytes(3).toString("hex")}`;
const numbered = Array.from({ length: COUNT }, (_, i) => `${prefix}-${String(i).padStart(4, "0")}`);
const wide = `${prefix}-parts`;
const long = `${prefix}-long-${"very-long-topic-name-segment-".repeat(6)}end`;
const all = [...numbered, wide, long];

const admin = () =>
  new Kafka({ clientId: "e2e-scale", brokers: brokers().split(","), logLevel: logLevel.NOTHING }).admin();
type Admin = ReturnType<typeof admin>;

/**
 * Creates the topics a few hundred per request without waiting for leaders (the
 * page only needs them listed). A loaded broker answers some requests with a
 * retriable error after creating part of the batch: each retry creates only
 * what is still missing.
 */
async function createAll(a: Admin, topics: Array<{ topic: string; numPartitions: number }>): Promise<void> {
  for (let i = 0; i < topics.length; i += BATCH) {
    const batch = topics.slice(i, i + BATCH);
    for (let attempt = 1; ; attempt++) {
      try {
        const existing = new Set(await a.listTopics());
        const missing = batch.filter((t) => !existing.has(t.topic));
        if (missing.length > 0) await a.createTopics({ topics: missing, waitForLeaders: false, timeout: 60_000 });
        break;
      } catch (err) {
        if (attempt >= 5 || !(err as { retriable?: boolean }).retriable) throw err;
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
  }
}

test.describe("topics page at thousands of topics", () => {
  test.describe.configure({ timeout: 240_000 });

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    const a = admin();
    await a.connect();
    try {
      await createAll(a, [
        { topic: wide, numPartitions: 7 },
        ...[...numbered, long].map((topic) => ({ topic, numPartitions: 1 })),
      ]);
    } finally {
      await a.disconnect();
    }
  });

  // Whatever was created, even if creating the rest failed.
  test.afterAll(async () => {
    test.setTimeout(240_000);
    const a = admin();
    await a.connect();
    try {
      const ours = (await a.listTopics()).filter((t) => t.startsWith(`${prefix}-`));
      for (let i = 0; i < ours.length; i += BATCH)
        await a.deleteTopics({ topics: ours.slice(i, i + BATCH), timeout: 60_000 });
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

  test("the live page asks which topics to tail, and tailing one starts reading it", async ({ page }) => {
    const chosen = numbered[42]!;
    await page.goto("/");
    await expect(page.getByRole("status", { name: "Kafka connection" })).toHaveText("connected");
    // Thousands of topics nobody reads: a tab asking for every topic is asked to choose (TAIL_ALL_MAX_TOPICS).
    const picker = page.getByRole("region", { name: "Topics to tail" });
    await expect(picker.getByRole("status")).toContainText(
      /This cluster has [\d,]+ topics, more than the live page tails/,
      {
        timeout: 60_000,
      },
    );
    await picker.getByRole("searchbox", { name: "Find a topic to tail" }).fill(chosen);
    await picker.getByRole("button", { name: `Tail ${chosen}`, exact: true }).click();
    await expect(picker.locator(`[data-tailed="${chosen}"]`)).toBeVisible();
    await expect(picker.getByRole("status")).toHaveCount(0);

    // Reading starts with the subscription (visible in /api/status), from that moment on.
    await expect
      .poll(
        async () => {
          const st = (await (await page.request.get("/api/status")).json()) as {
            reads?: { byTopic?: Array<{ topic: string; kind?: string; reader?: { state: string } }> };
          };
          const t = st.reads?.byTopic?.find((r) => r.topic === chosen);
          return t ? `${t.kind} ${t.reader?.state}` : "not read";
        },
        { timeout: 30_000 },
      )
      .toBe("live reading");
    await kcatProduce(["-t", chosen], '{"tailed":"yes"}\n');
    await expect(page.getByRole("row", { name: `${chosen} partition 0 offset 0` })).toBeVisible();
    await page.screenshot({ path: "test-results/choose-tail.png" });

    // Back to every topic: the notice returns.
    await picker.getByRole("button", { name: `Stop tailing ${chosen}` }).click();
    await expect(picker.getByRole("status")).toBeVisible();
  });
});
