import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startSagascope, type Sagascope } from "../../server/app";
import {
  SocketEvents,
  serverStatusSchema,
  type ClientToServerEvents,
  type ServerStatus,
  type ServerToClientEvents,
  type WireRecord,
} from "../../server/contract";
import { kcat, quietLog, suffix, testConfig, testKafka, waitFor } from "./helpers";

/**
 * Reading follows interest (server/kafka/readers.ts): a topic nobody
 * watches is not read, a tab subscribing starts its reader and leaving
 * stops it, and one interest changing never interrupts another's reader.
 * Every topic here matches TOPICS_INCLUDE, so the other tests' topics on
 * this broker stay out; INGEST_TOPICS is empty (the default).
 */
const brokers = inject("brokers");
const kafka = testKafka(brokers);
const admin = kafka.admin();
const s = suffix();
const topic = (name: string) => `it-rd-${s}-${name}`;
let app: Sagascope;
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];

const status = async (): Promise<ServerStatus> =>
  serverStatusSchema.parse(await (await fetch(`${app.url}/api/status`)).json());
const readOf = async (t: string) => (await status()).reads?.byTopic?.find((r) => r.topic === t);

/** A tab: its socket, the records it received in order, and a subscription. */
async function tab(topics?: string[]) {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(app.url, { transports: ["websocket"] });
  sockets.push(socket);
  const records: WireRecord[] = [];
  socket.on(SocketEvents.recordsBatch, (b) => records.push(...b.records));
  await waitFor("socket connected", () => socket.connected);
  if (topics) {
    const ack = await socket.timeout(5000).emitWithAck(SocketEvents.subscribe, { topics });
    expect(ack).toEqual({ ok: true });
  }
  return { socket, records };
}

beforeAll(async () => {
  await admin.connect();
  await admin.createTopics({
    topics: ["unwatched", "tailed", "steady"].map((n) => ({ topic: topic(n), numPartitions: 2 })),
    waitForLeaders: true,
  });
  app = await startSagascope(
    testConfig(brokers, { TOPICS_INCLUDE: `it-rd-${s}-*`, INGEST_TOPICS: "", TAIL_LINGER_MS: "1500" }),
    quietLog(),
    { ui: false },
  );
  await waitFor("connected and listing the topics", async () => {
    const st = await status();
    return st.kafka.state === "connected" && st.reads?.inScope === 3;
  });
});

afterAll(async () => {
  for (const so of sockets) so.close();
  await app?.close();
  await admin.disconnect();
});

describe("reading follows interest", () => {
  it("does not read a topic nobody watches", async () => {
    const rowOf = async (t: string) => {
      const res = await fetch(`${app.url}/api/topics`);
      const { topics: rows } = (await res.json()) as {
        topics: Array<{ topic: string; retainedRecords: number | null; totalMessages: number; source?: string }>;
      };
      return rows.find((r) => r.topic === t);
    };
    // Sampled once empty, so the records below are growth the next samples count.
    await waitFor("the empty topic sampled", async () => (await rowOf(topic("unwatched")))?.retainedRecords === 0);
    await kcat(["-b", brokers, "-P", "-t", topic("unwatched")], "a\nb\nc\n");
    const st = await status();
    expect(st.reads?.topics).toBe(0);
    expect(st.reads?.byTopic).toEqual([]);
    expect(st.kafka.topics).toEqual([]);
    // The offset sampler counts them without reading a record.
    const counted = await waitFor("the offsets count the 3 records", async () => {
      const r = await rowOf(topic("unwatched"));
      return r?.retainedRecords === 3 && r.totalMessages === 3 ? r : undefined;
    });
    expect(counted.source).toBe("offsets");
    expect((await status()).recordsIngested).toBe(0);
  });

  it("a tab subscribing starts reading from that moment, and leaving stops it", async () => {
    const t = topic("tailed");
    await kcat(["-b", brokers, "-P", "-t", t, "-p", "0"], "before-1\nbefore-2\n");
    const { socket, records } = await tab([t]);
    const read = await waitFor("the tailed topic's reader reading", async () => {
      const r = await readOf(t);
      return r?.reader?.state === "reading" ? r : undefined;
    });
    expect(read).toMatchObject({ kind: "live", wantedBy: [{ capability: "realtime", why: "tailed by 1 tab" }] });
    await kcat(["-b", brokers, "-P", "-t", t, "-p", "0"], "after-1\nafter-2\n");
    await waitFor("the records produced after subscribing", () => records.length >= 2);
    // From that moment: the two records before the subscription are not replayed.
    expect(records.map((r) => [r.partition, r.offset, r.value.text])).toEqual([
      [0, "2", "after-1"],
      [0, "3", "after-2"],
    ]);

    const groups = async () =>
      (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.includes(`-live-${t}-`));
    expect(await groups()).toHaveLength(1);
    socket.close();
    const lingering = await waitFor("still read within the linger", async () => {
      const r = await readOf(t);
      return r && r.wantedBy[0]?.why.startsWith("tailed a moment ago") ? r : undefined;
    });
    expect(lingering.kind).toBe("live");
    await waitFor("reading stopped after the linger", async () => (await readOf(t)) === undefined, 20_000);
    // Its group is deleted once its reader left it.
    await waitFor("the reader's group deleted", async () => (await groups()).length === 0, 20_000);
  });

  it("a new topic and another tab's tail do not interrupt a topic being tailed (no gap, no duplicate)", async () => {
    const t = topic("steady");
    const { records } = await tab([t]);
    await waitFor("steady topic read", async () => (await readOf(t))?.reader?.state === "reading");
    const producer = kafka.producer();
    await producer.connect();
    let n = 0;
    let producing = true;
    const sending = (async () => {
      while (producing) {
        await producer.send({ topic: t, messages: [{ partition: 0, value: String(n++) }] });
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await waitFor("records flowing", () => records.length >= 20);
    // Meanwhile: a dead-letter topic appears (a reader that keeps positions) and a second tab tails another topic.
    const dlt = topic("steady-dlt");
    await admin.createTopics({ topics: [{ topic: dlt, numPartitions: 1 }], waitForLeaders: true });
    const other = topic("other");
    await admin.createTopics({ topics: [{ topic: other, numPartitions: 1 }], waitForLeaders: true });
    await tab([other]);
    await waitFor(
      "the new readers reading",
      async () => {
        const [a, b] = await Promise.all([readOf(dlt), readOf(other)]);
        return a?.reader?.state === "reading" && b?.reader?.state === "reading";
      },
      30_000,
    );
    expect((await readOf(dlt))?.kind).toBe("kept");
    const upTo = n;
    await waitFor("records after the new readers started", () => records.length >= upTo + 10);
    producing = false;
    await sending;
    await producer.disconnect();
    await waitFor("every record produced", () => records.length >= n);
    const values = records.map((r) => Number(r.value.text));
    expect(values).toEqual(Array.from({ length: n }, (_, i) => i));
    // The steady topic's reader was never restarted.
    expect((await readOf(t))?.reader?.state).toBe("reading");
  });
});
