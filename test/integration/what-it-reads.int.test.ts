import { afterAll, describe, expect, inject, it } from "vitest";
import { startSagascope, type Sagascope } from "../../server/app";
import { serverStatusSchema, type ServerStatus } from "../../server/contract";
import { quietLog, suffix, testConfig, testKafka, waitFor } from "./helpers";

const brokers = inject("brokers");
const kafka = testKafka(brokers);
let app: Sagascope | undefined;

afterAll(async () => app?.close());

const status = async (a: Sagascope): Promise<ServerStatus> =>
  serverStatusSchema.parse(await (await fetch(`${a.url}/api/status`)).json());

describe("what Sagascope reads (/api/status)", () => {
  it("lists included topics with who reads them and why, and never an excluded one", async () => {
    const s = suffix();
    const included = `it-reads-${s}`;
    const deadLetter = `it-reads-${s}.DLT`;
    const excluded = `it-reads-${s}-noisy`;
    app = await startSagascope(
      testConfig(brokers, { TOPICS_INCLUDE: `it-reads-${s}*`, TOPICS_EXCLUDE: "*-noisy" }),
      quietLog(),
      { ui: false },
    );
    const admin = kafka.admin();
    await admin.connect();
    // One request: the metadata refresh that lists the included topics lists the excluded one too.
    await admin.createTopics({
      topics: [included, deadLetter, excluded].map((topic) => ({ topic, numPartitions: 1 })),
      waitForLeaders: true,
    });
    await admin.disconnect();

    const seen = await waitFor("included topics ingested", async () => {
      const st = await status(app!);
      return st.kafka.topics.includes(included) && st.kafka.topics.includes(deadLetter) ? st : undefined;
    });
    expect(seen.kafka.topics).not.toContain(excluded);
    // TOPICS_INCLUDE keeps the other tests' topics on this broker out too.
    expect([...seen.kafka.topics].sort()).toEqual([deadLetter, included].sort());
    expect(seen.reads?.topics).toBe(2);
    const why = new Map(seen.reads?.byTopic?.map((t) => [t.topic, t.wantedBy]));
    expect(why.has(excluded)).toBe(false);
    // INGEST_TOPICS=it-* (test/integration/helpers.ts): read whole, the dead-letter topic by a reader of its own.
    expect(why.get(deadLetter)).toEqual([
      { capability: "dlq", why: "dead-letter pattern" },
      { capability: "ingest", why: "INGEST_TOPICS" },
    ]);
    expect(why.get(included)).toEqual([{ capability: "ingest", why: "INGEST_TOPICS" }]);
    const kinds = new Map(seen.reads?.byTopic?.map((t) => [t.topic, t.kind]));
    expect(kinds.get(deadLetter)).toBe("kept");
    expect(kinds.get(included)).toBe("shared");
    expect(seen.reads?.inScope).toBe(2);

    const producer = kafka.producer();
    await producer.connect();
    // The excluded topic's first: were it read, its records would most likely be counted with the included ones.
    await producer.send({ topic: excluded, messages: Array.from({ length: 50 }, () => ({ value: "y".repeat(20) })) });
    await producer.send({ topic: included, messages: Array.from({ length: 50 }, () => ({ value: "x".repeat(20) })) });
    await producer.disconnect();
    const reading = await waitFor("the included topic's records counted in the totals", async () => {
      const st = await status(app!);
      return st.recordsIngested >= 50 && (st.reads?.recordsPerSec ?? 0) > 0 ? st : undefined;
    });
    expect(reading.reads!.bytesPerSec).toBeGreaterThan(0);
    // 50 records, none of the excluded topic's: the rate is a 5 s average of at most those 50.
    expect(reading.reads!.recordsPerSec).toBeLessThanOrEqual(50);
    expect(reading.recordsIngested).toBe(50);
    expect(reading.kafka.topics).not.toContain(excluded);
  });
});
