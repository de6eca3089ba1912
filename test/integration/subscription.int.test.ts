import { io, type Socket } from "socket.io-client";
import { afterAll, describe, expect, inject, it } from "vitest";
import {
  SocketEvents,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeResult,
  type WireRecord,
} from "../../server/contract";
import { startSagascope, type Sagascope } from "../../server/app";
import { kcat, quietLog, suffix, testConfig, testKafka, waitFor } from "./helpers";

const brokers = inject("brokers");
let app: Sagascope | undefined;
const sockets: Socket[] = [];
afterAll(async () => {
  sockets.forEach((s) => {
    s.close();
  });
  await app?.close();
});

describe("server-side live-tail filters", () => {
  it("sends each browser only the records its subscription matches, and reports syntax errors with their position", async () => {
    app = await startSagascope(testConfig(brokers), quietLog(), { ui: false });
    const topic = `it-filter-${suffix()}`;
    const admin = testKafka(brokers).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    await waitFor("topic ingested", async () =>
      ((await (await fetch(`${app!.url}/api/status`)).json()) as { kafka: { topics: string[] } }).kafka.topics.includes(
        topic,
      ),
    );

    const connect = async () => {
      const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(app!.url, { transports: ["websocket"] });
      sockets.push(s as Socket);
      const got: WireRecord[] = [];
      s.on(SocketEvents.recordsBatch, (b) => got.push(...b.records.filter((r) => r.topic === topic)));
      await waitFor("socket connected", () => s.connected);
      const sub = (x: object) =>
        new Promise<SubscribeResult>((resolve) => s.emit(SocketEvents.subscribe, x as never, resolve));
      return { got, sub };
    };
    const filtered = await connect();
    const everything = await connect();
    expect(await filtered.sub({ expr: "value.amount >" })).toMatchObject({
      ok: false,
      error: { code: "FILTER_SYNTAX", position: 14 },
    });
    expect(await filtered.sub({ topics: [topic], expr: 'value.amount > 100 && headers.saga-id == "o-42"' })).toEqual({
      ok: true,
    });

    const line = (_amount: number, saga: string) => ["-b", brokers, "-P", "-t", topic, "-H", `saga-id=${saga}`];
    await kcat(line(50, "o-42"), '{"amount":50}');
    await kcat(line(150, "o-42"), '{"amount":150}');
    await kcat(line(300, "o-7"), '{"amount":300}');
    await kcat(line(999, "o-42"), '{"amount":999}');
    await waitFor("unfiltered socket got all four", () => everything.got.length >= 4);
    await waitFor("filtered socket got two", () => filtered.got.length >= 2);
    // Both sockets are fed from the same batches; give the filtered one its last tick.
    await new Promise((r) => setTimeout(r, 500));
    expect(filtered.got.map((r) => JSON.parse(r.value.text).amount)).toEqual([150, 999]);
    expect(everything.got).toHaveLength(4);
  });
});
