import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import type { InstanceSummaryView, InstanceView, SagaDetail, SagaList } from "../../server/contract";
import { startSagascope, type Sagascope } from "../../server/app";
import { kcat, quietLog, suffix, testConfig, testKafka, waitFor } from "./helpers";

const brokers = inject("brokers");
const kafka = testKafka(brokers);
let app: Sagascope | undefined;
afterAll(async () => app?.close());

const get = async <T>(p: string) => (await (await fetch(`${app!.url}${p}`)).json()) as T;

describe("saga views on real topics", () => {
  it("replays the lookback window on start, then follows live events with duplicates, invalid transitions and compensations", async () => {
    // The shipped order saga, on topics of this test's own.
    const s = suffix();
    const topicOf = (t: string) => `${t}-${s}`;
    const def = JSON.parse(readFileSync(path.join(import.meta.dirname, "../../sagas/order.json"), "utf8")) as { topics: string[] };
    def.topics = def.topics.map(topicOf);
    const dir = mkdtempSync(path.join(os.tmpdir(), "sagas-it-"));
    writeFileSync(path.join(dir, "order.json"), JSON.stringify(def));
    writeFileSync(path.join(dir, "broken.json"), JSON.stringify({ name: "broken", topics: ["x"], correlation: "nope", eventType: "headers.t", initial: "a", states: { a: {} }, transitions: [] }));

    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: ["orders", "payments", "inventory", "shipping"].map((t) => ({ topic: topicOf(t), numPartitions: 2 })), waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    let n = 0;
    const send = (topic: string, saga: string, type: string, eventId = `e-${n++}`) =>
      producer.send({ topic: topicOf(topic), messages: [{ key: saga, value: JSON.stringify({ saga, type }), headers: { "saga-id": saga, "event-type": type, "event-id": eventId } }] });
    // History from before the server starts: one completed, one compensated saga.
    for (const [topic, type] of [["orders", "OrderCreated"], ["payments", "PaymentAuthorized"], ["inventory", "InventoryReserved"], ["shipping", "ShipmentScheduled"], ["orders", "OrderCompleted"]]) await send(topic!, "old-ok", type!);
    for (const [topic, type] of [["orders", "OrderCreated"], ["payments", "PaymentAuthorized"], ["inventory", "InventoryOutOfStock"], ["payments", "PaymentRefunded"], ["orders", "OrderCancelled"]]) await send(topic!, "old-comp", type!);

    const config = testConfig(brokers, { SAGAS_DIR: dir, SAGA_LOOKBACK_HOURS: "1" });
    app = await startSagascope(config, quietLog(), { ui: false });
    const list = await waitFor("replay done", async () => {
      const l = await get<SagaList>("/api/sagas");
      return l.catchUp.state === "live" ? l : undefined;
    });
    expect(list.catchUp.read).toBe(10);
    expect(list.broken).toEqual([{ file: path.join(dir, "broken.json"), saga: "broken", errors: expect.arrayContaining([expect.objectContaining({ field: "correlation" })]) }]);
    expect(list.sagas[0]!.finished).toEqual({ completed: 1, compensated: 1, failed: 0 });

    // Live: a saga in progress, a duplicate delivery (same event id, produced again by kcat), an invalid transition.
    await send("orders", "live-1", "OrderCreated", "dup-id");
    await kcat(["-b", brokers, "-P", "-t", topicOf("orders"), "-k", "live-1", "-H", "saga-id=live-1", "-H", "event-type=OrderCreated", "-H", "event-id=dup-id"], '{"again":true}');
    await send("shipping", "live-1", "ShipmentScheduled");
    await producer.disconnect();
    const inst = await waitFor("live-1 with anomalies", async () => {
      const i = await get<InstanceView>(`/api/sagas/order/instances/live-1`);
      return i.anomalies?.length === 2 ? i : undefined;
    });
    expect(inst.state).toBe("created");
    expect(inst.anomalies.sort()).toEqual(["duplicate", "invalid-transition"]);
    // Three topics and partitions (kcat picks its own): arrival order between them is not fixed.
    expect(inst.history.map((h) => `${h.type}:${h.refused}`).sort()).toEqual(["OrderCreated:duplicate", "OrderCreated:null", "ShipmentScheduled:invalid-transition"]);

    const detail = await get<SagaDetail>("/api/sagas/order");
    expect(detail.summary.byState).toMatchObject({ created: 1, completed: 1, compensated: 1 });
    expect(detail.definition.transitions.filter((t) => t.compensation)).toHaveLength(6);
    const comp = await get<{ instances: InstanceSummaryView[] }>("/api/sagas/order/instances?state=compensated");
    expect(comp.instances.map((i) => i.id)).toEqual(["old-comp"]);
    const withDup = await get<{ instances: InstanceSummaryView[] }>("/api/sagas/order/instances?anomaly=duplicate");
    expect(withDup.instances.map((i) => i.id)).toEqual(["live-1"]);
    expect((await fetch(`${app.url}/api/sagas/nope`)).status).toBe(404);

    // A dead letter from the saga's topic links to its instance.
    const dlt = `${topicOf("orders")}.DLT`;
    const a2 = kafka.admin();
    await a2.connect();
    await a2.createTopics({ topics: [{ topic: dlt, numPartitions: 1 }], waitForLeaders: true });
    await a2.disconnect();
    await kcat(["-b", brokers, "-P", "-t", dlt, "-H", `kafka_dlt-original-topic=${topicOf("orders")}`, "-H", "saga-id=live-1", "-H", "event-type=OrderCreated"], "{}");
    const dead = await waitFor("dead letter linked to its saga", async () => {
      const r = await fetch(`${app!.url}/api/dlq/messages/${encodeURIComponent(`${dlt}/0/0`)}`);
      return r.ok ? ((await r.json()) as { sagas: unknown[] }) : undefined;
    });
    expect(dead.sagas).toEqual([{ saga: "order", id: "live-1", state: "created" }]);

    // A restart rebuilds the same states and anomalies from Kafka alone.
    const beforeRestart = await get<SagaDetail>("/api/sagas/order");
    const live1 = await get<InstanceView>("/api/sagas/order/instances/live-1");
    await app.close();
    app = await startSagascope({ ...config, port: 0 }, quietLog(), { ui: false });
    await waitFor("replayed after restart", async () => ((await get<SagaList>("/api/sagas")).catchUp.state === "live" ? true : undefined));
    const afterRestart = await get<SagaDetail>("/api/sagas/order");
    expect(afterRestart.summary.byState).toEqual(beforeRestart.summary.byState);
    expect(afterRestart.summary.finished).toEqual(beforeRestart.summary.finished);
    const again = await get<InstanceView>("/api/sagas/order/instances/live-1");
    expect(again.state).toBe(live1.state);
    expect(again.anomalies.sort()).toEqual(live1.anomalies.sort());
  });
});
