import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { afterAll, describe, expect, it } from "vitest";
import { SocketEvents, type ServerStatus, type ServerToClientEvents, type WireRecord } from "../../server/contract";
import { startSagascope, type Sagascope } from "../../server/app";
import { startLocalBroker, type LocalBroker } from "../../tools/kafka-broker/broker";
import { quietLog, testConfig, testKafka, waitFor } from "./helpers";

// This test stops and restarts a broker of its own, so it cannot run against an external cluster.
const external = !!process.env.KAFKA_BROKERS;
let broker: LocalBroker | undefined;
let app: Sagascope | undefined;
let socket: Socket<ServerToClientEvents> | undefined;

afterAll(async () => {
  socket?.close();
  await app?.close();
  await broker?.stop();
});

describe.skipIf(external)("broker lost and back", () => {
  it("keeps the server up, shows disconnected, then resumes ingest where it left off", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "restart-broker-"));
    broker = await startLocalBroker({ dataDir, log: () => undefined });
    const port = Number(broker.brokers.split(":")[1]);
    const kafka = testKafka(broker.brokers);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: "restart-t", numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();

    app = await startSagascope(testConfig(broker.brokers), quietLog(), { ui: false });
    const got = new Map<string, WireRecord>();
    let status: ServerStatus | undefined;
    socket = io(app.url, { transports: ["websocket"] });
    socket.on(SocketEvents.recordsBatch, (b) => {
      for (const r of b.records) got.set(r.id, r);
    });
    socket.on(SocketEvents.status, (s) => (status = s));
    await waitFor("connected", () => status?.kafka.state === "connected");

    const send = async (value: string) => {
      const p = kafka.producer();
      await p.connect();
      await p.send({ topic: "restart-t", messages: [{ value }] });
      await p.disconnect();
    };
    await send("before");
    await waitFor("record before the outage", () => got.size === 1);

    await broker.stop();
    await waitFor("disconnected", () => status?.kafka.state === "disconnected", 45_000);
    expect(status!.kafka.error?.code).toMatch(/KAFKA_/);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${app.url}/readyz`)).status).toBe(503);

    const backAt = Date.now();
    broker = await startLocalBroker({ dataDir, port, log: () => undefined });
    await waitFor("connected again", () => status?.kafka.state === "connected", 45_000);
    const reconnectMs = Date.now() - backAt;
    await send("after");
    await waitFor("record after the outage", () => got.size === 2, 45_000);
    console.log(
      `status connected ${reconnectMs} ms and ingest resumed ${Date.now() - backAt} ms after the broker returned`,
    );
    expect([...got.values()].map((r) => [r.offset, r.value.text])).toEqual([
      ["0", "before"],
      ["1", "after"],
    ]);
  });
});
