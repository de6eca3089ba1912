import { afterAll, describe, expect, inject, it } from "vitest";
import { dlqRoutes, type DeadLetterList } from "../../server/contract";
import { startSagascope, type Sagascope } from "../../server/app";
import { quietLog, suffix, testConfig, testKafka, waitFor } from "./helpers";

const brokers = inject("brokers");
const kafka = testKafka(brokers);
let app: Sagascope | undefined;
afterAll(async () => app?.close());

const json = { "content-type": "application/json", "x-sagascope-operator": "it" };
const redrive = (a: Sagascope, body: unknown) =>
  fetch(`${a.url}/api/dlq/redrives`, { method: "POST", headers: json, body: JSON.stringify(body) });
/** A redrive as its route declares it (parsed: a schema that lies fails the test). */
const view = async (a: Sagascope, id: string, q = "") =>
  dlqRoutes.redrive.response.parse(await (await fetch(`${a.url}/api/dlq/redrives/${id}${q}`)).json());

/** Counts the records on a topic (sum of high watermarks). */
async function countOn(topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((s, p) => s + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

async function deadLetters(a: Sagascope, origin: string, dlt: string, n: number) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: origin, numPartitions: 2 },
      { topic: dlt, numPartitions: 2 },
    ],
    waitForLeaders: true,
  });
  await admin.disconnect();
  await waitFor("topics ingested", async () =>
    ((await (await fetch(`${a.url}/api/status`)).json()) as { kafka: { topics: string[] } }).kafka.topics.includes(dlt),
  );
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: dlt,
    messages: Array.from({ length: n }, (_, i) => ({
      key: `k-${i}`,
      value: JSON.stringify({ i }),
      headers: { "kafka_dlt-original-topic": origin, "kafka_dlt-exception-message": i % 2 ? "odd" : "even" },
    })),
  });
  await producer.disconnect();
  await waitFor(
    `${n} dead letters`,
    async () =>
      ((await (await fetch(`${a.url}/api/dlq/messages?topic=${dlt}&limit=1`)).json()) as DeadLetterList).total === n ||
      undefined,
  );
}

describe("bulk redrive", () => {
  it("redrives 500 records at 100/s in about 5 s, once each, with progress and a result for every record", async () => {
    app = await startSagascope(testConfig(brokers), quietLog(), { ui: false });
    const origin = `it-redrive-${suffix()}`;
    const dlt = `${origin}.DLT`;
    await deadLetters(app, origin, dlt, 500);

    const t0 = Date.now();
    const res = await redrive(app, { dltTopic: dlt, ratePerSec: 100, reason: "consumer fixed" });
    expect(res.status).toBe(202);
    const { id, total } = (await res.json()) as { id: string; total: number };
    expect(total).toBe(500);
    // One redrive per dead-letter topic at a time.
    const second = await redrive(app, { dltTopic: dlt, ratePerSec: 100, reason: "again" });
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe("REDRIVE_RUNNING");

    const progress: number[] = [];
    const done = await waitFor(
      "redrive completed",
      async () => {
        const v = await view(app!, id);
        progress.push(v.counts.published ?? 0);
        return v.state === "completed" ? v : undefined;
      },
      30_000,
    );
    const seconds = (Date.now() - t0) / 1000;
    console.log(`redrive of 500 at 100/s took ${seconds.toFixed(2)} s`);
    expect(seconds).toBeGreaterThanOrEqual(4.9); // the rate limit held
    expect(progress.some((p) => p > 0 && p < 500)).toBe(true); // progress was visible mid-way
    expect(done.counts).toEqual({ published: 500 });
    expect(done.results).toHaveLength(500);
    expect(await countOn(origin)).toBe(500);
    // Progress only, and the list of recent redrives: both without per-record results.
    expect((await view(app, id, "?results=0")).results).toBeUndefined();
    const recent = dlqRoutes.redrives.response.parse(await (await fetch(`${app.url}/api/dlq/redrives`)).json());
    expect(recent.redrives.find((r) => r.id === id)).toMatchObject({
      state: "completed",
      total: 500,
      counts: { published: 500 },
      filter: { topic: dlt },
    });
    expect(recent.redrives.every((r) => r.results === undefined)).toBe(true);
    // Nothing left to redrive: a new redrive takes no record.
    const again = await redrive(app, { dltTopic: dlt, ratePerSec: 100, reason: "again" });
    expect(((await again.json()) as { total: number }).total).toBe(0);
  });

  it("cancels mid-way: what was sent stays sent, the rest is failed (not sent) and can be retried", async () => {
    const origin = `it-cancel-${suffix()}`;
    const dlt = `${origin}.DLT`;
    await deadLetters(app!, origin, dlt, 300);
    const res = await redrive(app!, { dltTopic: dlt, ratePerSec: 50, reason: "partial", filter: { status: "new" } });
    const { id } = (await res.json()) as { id: string };
    await waitFor("some published", async () => ((await view(app!, id)).counts.published ?? 0) >= 10 || undefined);
    const cancel = await fetch(`${app!.url}/api/dlq/redrives/${id}`, { method: "DELETE", headers: json });
    expect(cancel.status).toBe(200);
    expect(dlqRoutes.cancelRedrive.response.parse(await cancel.json())).toEqual({ id, state: "cancelled" });
    const again = await fetch(`${app!.url}/api/dlq/redrives/${id}`, { method: "DELETE", headers: json });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string; state: string } }).error).toEqual({
      code: "REDRIVE_NOT_RUNNING",
      state: "cancelled",
    });
    const v = await view(app!, id);
    expect(v.state).toBe("cancelled");
    const published = v.counts.published ?? 0;
    expect(published).toBeGreaterThan(0);
    expect(published).toBeLessThan(300);
    expect(published + (v.counts.failed ?? 0)).toBe(300);
    expect(v.results!.find((r) => r.state === "failed")!.error).toMatch(/cancelled before sending/);
    expect(await countOn(origin)).toBe(published);
    const open = (
      (await (await fetch(`${app!.url}/api/dlq/messages?topic=${dlt}&status=failed&limit=1`)).json()) as DeadLetterList
    ).total;
    expect(open).toBe(300 - published);
  });
});
