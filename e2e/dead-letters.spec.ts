import { expect, test, type Page } from "@playwright/test";
import { Kafka, logLevel } from "kafkajs";
import type { DeadLetterDetail } from "../server/contract";
import { brokers, createTopic, kcatProduce, readBack, uniqueTopic } from "./kafka";

const kafka = () => new Kafka({ clientId: "e2e-dlq", brokers: brokers().split(","), logLevel: logLevel.NOTHING });
const int = (n: number) => Buffer.from([0, 0, 0, n]);
const long = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
};

/**
 * The records carrying `id` as their replay source on the partition its last
 * attempt landed on. Called once the UI shows the outcome (so the attempt is
 * recorded), it reads that partition up to its end offset: every publish the
 * action made is in it, as one key always goes to one partition.
 */
async function replaysOf(page: Page, topic: string, id: string) {
  const d = (await (await page.request.get(`/api/dlq/messages/${encodeURIComponent(id)}`)).json()) as DeadLetterDetail;
  const replay = d.replays.at(-1)!;
  expect(replay.state).toBe("published");
  const back = (await readBack(topic, replay.resultPartition!)).filter(
    (r) => r.headers["sagascope-replay-source"] === id,
  );
  return { replay, back };
}

async function openRecord(page: Page, key: string) {
  await page
    .getByRole("table", { name: "Dead letters" })
    .getByRole("row")
    .filter({ hasText: key })
    .getByRole("button")
    .click();
  await expect(page.getByRole("complementary", { name: "Dead letter detail" })).toBeVisible();
}

test.describe("dead-letter console", () => {
  test("shows decoded dead letters, retries one exactly once on a double click, edits and retries, discards, and audits", async ({
    page,
  }) => {
    const origin = uniqueTopic("orders");
    const dlt = `${origin}.DLT`;
    await createTopic(origin, 3);
    await createTopic(dlt, 1);
    await page.goto("/dlq");
    await expect(page.getByRole("status", { name: "Kafka connection" })).toHaveText("connected");

    // What Spring Kafka's DeadLetterPublishingRecoverer writes: binary partition and offset.
    const producer = kafka().producer();
    await producer.connect();
    await producer.send({
      topic: dlt,
      messages: [
        {
          key: "order-a",
          value: JSON.stringify({ orderId: "order-a", amount: 12 }),
          headers: {
            "saga-id": "order-a",
            "kafka_dlt-original-topic": origin,
            "kafka_dlt-original-partition": int(2),
            "kafka_dlt-original-offset": long(4711),
            "kafka_dlt-exception-fqcn": "org.springframework.kafka.listener.ListenerExecutionFailedException",
            "kafka_dlt-exception-message": "payment gateway timeout",
            "kafka_dlt-exception-stacktrace":
              "java.net.SocketTimeoutException: read timed out\n\tat Gateway.charge(Gateway.java:88)",
          },
        },
        {
          key: "order-b",
          value: JSON.stringify({ orderId: "order-b", qty: 0 }),
          headers: {
            "kafka_dlt-original-topic": origin,
            "kafka_dlt-exception-fqcn": "java.lang.IllegalArgumentException",
            "kafka_dlt-exception-message": "qty must be positive",
          },
        },
      ],
    });
    await producer.disconnect();
    // Kafka Connect's string headers, with hostile content, through kcat.
    await kcatProduce(
      [
        "-t",
        dlt,
        "-k",
        "order-c",
        "-H",
        `__connect.errors.topic=${origin}`,
        "-H",
        "__connect.errors.exception.class.name=org.apache.kafka.connect.errors.DataException",
        "-H",
        `__connect.errors.exception.message=<img src=x onerror="window.__xss=1">`,
      ],
      `<script>window.__xss=2</script><img src=x onerror="window.__xss=3">\n`,
    );

    await page.getByRole("searchbox", { name: "Search dead letters" }).fill(origin);
    const rows = page.getByRole("table", { name: "Dead letters" }).locator("tbody tr");
    await expect(rows).toHaveCount(3);
    await expect(page.getByRole("region", { name: "By original topic" })).toContainText(`${origin}3`);

    // Detail: origin decoded from binary headers, stack trace, payload as text.
    await openRecord(page, "order-a");
    const detail = page.getByRole("complementary", { name: "Dead letter detail" });
    const facts = detail.getByRole("table", { name: "Origin and error" });
    await expect(facts).toContainText("2 / 4711");
    await expect(facts).toContainText("payment gateway timeout");
    await expect(detail.getByLabel("Stack trace")).toContainText("Gateway.java:88");
    await expect(detail.getByRole("link", { name: "Original record" })).toHaveAttribute(
      "href",
      `/records?topic=${origin}&partition=2&offset=4711`,
    );

    // Retry with a double click: one record on the original topic.
    await page.getByLabel("Operator name").fill("e2e-operator");
    await detail.getByRole("textbox", { name: "Reason" }).fill("gateway is back");
    await detail.getByRole("button", { name: "Retry now" }).dblclick();
    await expect(detail.getByRole("alert")).toContainText(`Published to ${origin}`);
    await expect(detail.getByRole("list", { name: "Attempts" }).getByRole("listitem")).toHaveCount(1);
    await expect(rows.filter({ hasText: "order-a" })).toContainText("published");
    const a = await replaysOf(page, origin, `${dlt}/0/0`);
    expect(a.back).toHaveLength(1);
    expect(a.back[0]!.headers["sagascope-replay-id"]).toBe(a.replay.id);
    expect(a.back[0]!.headers["saga-id"]).toBe("order-a");
    expect(a.back[0]!.headers["sagascope-replay-operator"]).toContain("e2e-operator");
    // Published once: a plain retry is refused until "publish again" is ticked.
    await detail.getByRole("textbox", { name: "Reason" }).fill("once more");
    await detail.getByRole("button", { name: "Retry now" }).click();
    await expect(detail.getByRole("alert")).toContainText("already published");

    // Edit and retry: invalid JSON is refused, the fixed value is published.
    await openRecord(page, "order-b");
    await detail.getByLabel("Edit the value first").check();
    const editor = detail.getByRole("textbox", { name: "Edited value" });
    await editor.fill('{"orderId": "order-b", "qty": ');
    await detail.getByRole("textbox", { name: "Reason" }).fill("quantity corrected");
    await detail.getByRole("button", { name: "Publish edited record" }).click();
    await expect(detail.getByRole("alert")).toContainText("not valid JSON");
    await editor.fill('{"orderId":"order-b","qty":1}');
    await detail.getByRole("textbox", { name: "Edited headers" }).fill("fixed-by: e2e\nsaga-id: order-b");
    await detail.getByRole("button", { name: "Publish edited record" }).click();
    await expect(detail.getByRole("alert")).toContainText(`Published to ${origin}`);
    const b = await replaysOf(page, origin, `${dlt}/0/1`);
    expect(b.back.map((r) => [r.headers["sagascope-replay-id"], r.value])).toEqual([
      [b.replay.id, '{"orderId":"order-b","qty":1}'],
    ]);
    expect(b.back[0]!.headers).toMatchObject({ "fixed-by": "e2e", "saga-id": "order-b" });

    // Discard with a reason; hostile content stays text.
    await openRecord(page, "order-c");
    await expect(facts).toContainText('<img src=x onerror="window.__xss=1">');
    await expect(detail.getByLabel("Value", { exact: true })).toContainText("<script>window.__xss=2</script>");
    await detail.getByRole("radio", { name: "Discard" }).click();
    await detail.getByRole("textbox", { name: "Reason" }).fill("test data");
    await detail.getByRole("button", { name: "Discard" }).last().click();
    await expect(detail.getByRole("alert")).toContainText("Discarded.");
    await expect(rows.filter({ hasText: "order-c" })).toContainText("discarded");
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.screenshot({ path: "test-results/dead-letters.png" });

    // The audit log has every action, with who and why.
    await page.getByRole("link", { name: "Audit log" }).click();
    const audit = page.getByRole("table", { name: "Audit log" });
    await page.getByRole("searchbox", { name: "Record id" }).fill(`${dlt}/0/0`);
    await expect(
      audit.locator("tbody tr").filter({ hasText: "gateway is back" }).filter({ hasText: "ok" }),
    ).toHaveCount(1);
    await expect(audit).toContainText("e2e-operator (loopback, no login)");
    await expect(audit.locator("tbody tr").filter({ hasText: "refused" }).first()).toBeVisible();
  });
});

test.describe("bulk redrive", () => {
  test("redrives a dead-letter topic at a rate with progress, and cancels a second one mid-way", async ({ page }) => {
    const origin = uniqueTopic("bulk");
    const dlt = `${origin}-dlt`;
    await createTopic(origin, 2);
    await createTopic(dlt, 1);
    await page.goto("/dlq");
    await expect(page.getByRole("status", { name: "Kafka connection" })).toHaveText("connected");
    // 150 dead letters from kcat with Spring's string headers.
    const lines = Array.from({ length: 150 }, (_, i) => `{"n":${i}}`).join("\n") + "\n";
    await kcatProduce(
      ["-t", dlt, "-H", `kafka_dlt-original-topic=${origin}`, "-H", "kafka_dlt-exception-message=downstream 503"],
      lines,
    );

    await expect
      .poll(
        async () =>
          (
            await page.getByRole("combobox", { name: "Dead-letter topic" }).locator("option").allTextContents()
          ).includes(dlt),
        { timeout: 20_000 },
      )
      .toBe(true);
    await page.getByRole("combobox", { name: "Dead-letter topic" }).selectOption(dlt);
    const panel = page.getByRole("region", { name: "Bulk redrive" });
    await expect(panel).toContainText("150 open records");
    await panel.getByRole("spinbutton", { name: "Records per second" }).fill("50");
    await panel.getByRole("textbox", { name: "Redrive reason" }).fill("downstream recovered");
    await panel.getByRole("button", { name: "Start redrive" }).click();
    const state = panel.getByRole("status", { name: "Redrive state" });
    await expect(state).toContainText(/running: \d+ published/);
    await expect(state).toHaveText("completed: 150 published, 0 failed, 0 to go of 150", { timeout: 30_000 });
    await expect.poll(() => recordsOn(origin), { timeout: 10_000 }).toBe(150);

    // A second batch, redriven slowly and cancelled: what was sent stays sent.
    await kcatProduce(
      ["-t", dlt, "-H", `kafka_dlt-original-topic=${origin}`],
      Array.from({ length: 100 }, (_, i) => `{"m":${i}}`).join("\n") + "\n",
    );
    await expect(panel).toContainText("100 open records", { timeout: 20_000 });
    await panel.getByRole("spinbutton", { name: "Records per second" }).fill("10");
    await panel.getByRole("textbox", { name: "Redrive reason" }).fill("slow drain");
    await panel.getByRole("button", { name: "Start redrive" }).click();
    await expect(state).toContainText(/running: [1-9]\d* published/);
    await panel.getByRole("button", { name: "Cancel redrive" }).click();
    await expect(state).toContainText("cancelled:");
    const text = (await state.textContent()) ?? "";
    const published = Number(/(\d+) published/.exec(text)![1]);
    expect(published).toBeGreaterThan(0);
    expect(published).toBeLessThan(100);
    expect(text).toContain(`${100 - published} failed, 0 to go of 100`);
    await expect.poll(() => recordsOn(origin)).toBe(150 + published);
    await page.screenshot({ path: "test-results/bulk-redrive.png" });
  });
});

async function recordsOn(topic: string): Promise<number> {
  const admin = kafka().admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((s, p) => s + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}
