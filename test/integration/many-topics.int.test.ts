import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSagascope, type Sagascope } from "../../server/app";
import { serverStatusSchema, SocketEvents, type WireRecord } from "../../server/contract";
import { connectionFromEnv, createKafka } from "../../server/kafka/client";
import { startLocalBroker, type LocalBroker } from "../../tools/kafka-broker/broker";
import { kcat, quietLog, testConfig, waitFor } from "./helpers";

/**
 * 2,000 topics × 2 partitions on a broker of their own (the shared one
 * stays small for the other tests): the server connects and lists every
 * topic without reading any of them (the single consumer of earlier
 * versions never got through its metadata lock at this count), and a tab
 * tailing one of them gets its records.
 */
const COUNT = 2000;
let broker: LocalBroker;
let app: Sagascope | undefined;
const names = Array.from({ length: COUNT }, (_, i) => `many-${String(i).padStart(4, "0")}`);

beforeAll(async () => {
  broker = await startLocalBroker({ log: () => undefined });
  const admin = createKafka(connectionFromEnv(broker.brokers.split(","), broker.started), {
    clientId: "it-many",
  }).admin();
  await admin.connect();
  for (let i = 0; i < names.length; i += 250)
    await admin.createTopics({
      topics: names.slice(i, i + 250).map((topic) => ({ topic, numPartitions: 2 })),
      waitForLeaders: false,
      timeout: 120_000,
    });
  await admin.disconnect();
}, 300_000);

afterAll(async () => {
  await app?.close();
  await broker?.stop();
}, 120_000);

describe("2,000 topics", () => {
  it("connects, lists every topic, reads none, and tails the one a tab asks for", { timeout: 240_000 }, async () => {
    app = await startSagascope(testConfig(broker.brokers, { INGEST_TOPICS: "" }), quietLog(), { ui: false });
    const status = async () => serverStatusSchema.parse(await (await fetch(`${app!.url}/api/status`)).json());
    const listed = await waitFor(
      "connected with every topic listed",
      async () => {
        const st = await status();
        const view = (await (await fetch(`${app!.url}/api/topics/view?limit=1&q=many-`)).json()) as {
          matched: number;
        };
        // The topics list (offset sampler) and the readers' metadata refresh each see every topic.
        return st.kafka.state === "connected" && view.matched === COUNT && st.reads?.inScope === COUNT ? st : undefined;
      },
      180_000,
    );
    expect(listed.reads?.inScope).toBe(COUNT);
    expect(listed.reads?.topics).toBe(0);
    // Too many to tail them all: a tab must choose.
    expect(listed.reads?.tailAll).toBe(false);

    const socket = io(app.url, { transports: ["websocket"] });
    const got: WireRecord[] = [];
    socket.on(SocketEvents.recordsBatch, (b) => got.push(...b.records));
    await waitFor("socket connected", () => socket.connected);
    const chosen = names[1234]!;
    expect(await socket.timeout(5000).emitWithAck(SocketEvents.subscribe, { topics: [chosen] })).toEqual({ ok: true });
    await waitFor("the chosen topic read", async () => (await status()).kafka.topics.includes(chosen), 60_000);
    await kcat(["-b", broker.brokers, "-P", "-t", chosen, "-p", "1"], "hello\n");
    await waitFor("its record on the socket", () => got.some((r) => r.topic === chosen && r.value.text === "hello"));
    const after = await status();
    expect(after.reads?.topics).toBe(1);
    expect(after.reads?.byTopic?.map((t) => [t.topic, t.kind, t.wantedBy[0]?.why])).toEqual([
      [chosen, "live", "tailed by 1 tab"],
    ]);
    socket.close();
  });
});
