import { afterAll, describe, expect, inject, it } from "vitest";
import { startSagascope, type Sagascope } from "../../server/app";
import type { ThroughputHistory } from "../../server/streams/history-service";
import { quietLog, suffix, testConfig, testKafka, waitFor } from "./helpers";

const brokers = inject("brokers");
const kafka = testKafka(brokers);
let app: Sagascope | undefined;

afterAll(async () => app?.close());

const total = (h: ThroughputHistory) => Math.round(h.points.reduce((s, p) => s + p.recordsPerSec * h.step, 0));
const history = async (a: Sagascope, query: string) =>
  (await (await fetch(`${a.url}/api/throughput?${query}`)).json()) as ThroughputHistory;

describe("throughput history", () => {
  it("charts the last 5 min from memory and keeps 1 h / 24 h across a server restart", async () => {
    const config = testConfig(brokers);
    app = await startSagascope(config, quietLog(), { ui: false });
    const topic = `it-history-${suffix()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await waitFor("topic ingested", async () =>
      ((await (await fetch(`${app!.url}/api/status`)).json()) as { kafka: { topics: string[] } }).kafka.topics.includes(
        topic,
      ),
    );
    await producer.send({
      topic,
      messages: Array.from({ length: 12 }, (_, i) => ({ partition: i % 2, value: "x".repeat(10) })),
    });
    await producer.disconnect();

    const live = await waitFor("12 records in the 5 min view", async () => {
      const h = await history(app!, `topic=${topic}&range=5m`);
      return total(h) === 12 ? h : undefined;
    });
    expect(live.step).toBe(1);
    expect(live.points.length).toBeLessThanOrEqual(300);
    expect(total(await history(app!, `topic=${topic}&range=5m&partition=1`))).toBe(6);

    await waitFor(
      "12 records persisted in the 1 h view",
      async () => total(await history(app!, `topic=${topic}&range=1h`)) === 12 || undefined,
      30_000,
    ).catch(() => undefined);
    await app.close();

    // A new server on the same database: the history is still there.
    app = await startSagascope({ ...config, port: 0 }, quietLog(), { ui: false });
    const hour = await waitFor(
      "persisted hour",
      async () => {
        const h = await history(app!, `topic=${topic}&range=1h`);
        return total(h) === 12 ? h : undefined;
      },
      30_000,
    );
    expect(hour.step).toBe(10);
    expect(hour.points).toHaveLength(360);
    const day = await history(app, `topic=${topic}&range=24h`);
    expect(day.points.length).toBeLessThanOrEqual(1000);
    expect(total(day)).toBe(12);
    expect(total(await history(app, `topic=${topic}&range=24h&partition=0`))).toBe(6);
    expect(total(await history(app, "range=24h"))).toBeGreaterThanOrEqual(12);
  });
});
