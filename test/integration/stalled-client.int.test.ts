import { io, type Socket } from "socket.io-client";
import { afterAll, describe, expect, inject, it } from "vitest";
import { SocketEvents, type ServerToClientEvents } from "../../server/contract";
import { startSagascope, type Sagascope } from "../../server/app";
import { quietLog, suffix, testConfig, testKafka, waitFor } from "./helpers";

const brokers = inject("brokers");
let app: Sagascope | undefined;
const sockets: Socket[] = [];
afterAll(async () => {
  sockets.forEach((s) => {
    s.close();
  });
  await app?.close();
});

const metric = async (a: Sagascope, name: string) => {
  const text = await (await fetch(`${a.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)`, "m").exec(text)?.[1] ?? NaN);
};

describe("a browser that stops reading", () => {
  it("costs the server at most its bounded queue: its records are dropped and counted, other browsers keep getting everything", async () => {
    app = await startSagascope(
      testConfig(brokers, {
        CLIENT_BUFFER_RECORDS: "1000",
        CLIENT_MAX_RECORDS_PER_SEC: "1000000" /* every record for the healthy tab: no sampling */,
      }),
      quietLog(),
      { ui: false },
    );
    const topic = `it-stall-${suffix()}`;
    const kafka = testKafka(brokers);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    await waitFor("topic ingested", async () =>
      ((await (await fetch(`${app!.url}/api/status`)).json()) as { kafka: { topics: string[] } }).kafka.topics.includes(
        topic,
      ),
    );

    const healthy: Socket<ServerToClientEvents> = io(app.url, { transports: ["websocket"] });
    const stalled: Socket<ServerToClientEvents> = io(app.url, { transports: ["websocket"] });
    sockets.push(healthy as Socket, stalled as Socket);
    let healthyGot = 0;
    healthy.on(SocketEvents.recordsBatch, (b) => (healthyGot += b.records.filter((r) => r.topic === topic).length));
    await waitFor("both connected", () => healthy.connected && stalled.connected);
    // Stop reading at the TCP level, like a frozen tab: the server's writes back up.
    const raw = (stalled.io.engine.transport as unknown as { ws: { _socket: { pause(): void } } }).ws._socket;
    raw.pause();

    const producer = kafka.producer();
    await producer.connect();
    const value = "v".repeat(8 * 1024);
    const total = 6000;
    // At a pace a reading browser keeps up with: each batch is delivered before the next.
    for (let sent = 500; sent <= total; sent += 500) {
      await producer.send({ topic, messages: Array.from({ length: 500 }, () => ({ value })) });
      await waitFor(`healthy browser got ${sent}`, () => healthyGot >= sent);
    }
    await producer.disconnect();
    // 48 MB went through; the stalled browser keeps at most its queue (1,000 records) plus
    // what its transport took before TCP pushed back: everything else is dropped and counted.
    const dropped = await waitFor("drops counted for the stalled browser", async () => {
      const d = await metric(app!, "sagascope_socket_dropped_records_total");
      return d >= total - 3000 ? d : undefined;
    });
    expect(dropped).toBeLessThanOrEqual(total);
    expect(healthyGot).toBe(total);
    expect(await metric(app, "sagascope_socket_clients")).toBe(2);
  }, 120_000);
});
