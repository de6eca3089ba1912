import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import type { z } from "zod";
import {
  type AnyRoute,
  discoveryRoutes,
  type DiscoveryView,
  type InstanceSummaryView,
  type InstanceView,
  type SagaDetail,
  type SagaList,
  sagasRoutes,
  tracesRoutes,
} from "../../server/contract";
import { startSagascope, type Sagascope } from "../../server/app";
import { kcat, quietLog, suffix, testConfig, testKafka, waitFor } from "./helpers";

const brokers = inject("brokers");
const kafka = testKafka(brokers);
let app: Sagascope | undefined;
afterAll(async () => app?.close());

const get = async <T>(p: string) => (await (await fetch(`${app!.url}${p}`)).json()) as T;
const errorOf = async (p: string) => {
  const res = await fetch(`${app!.url}${p}`);
  return { status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code };
};
/** GETs a read route and parses its answer with the declared schema; a field the schema strips (one it does not describe) fails too. */
async function conforms<D extends AnyRoute>(decl: D, p: string): Promise<z.output<D["response"]>> {
  const res = await fetch(`${app!.url}${p}`);
  expect(res.status).toBe(200);
  const body: unknown = await res.json();
  const parsed = (decl.response as z.ZodType).parse(body);
  expect(parsed).toEqual(body);
  return parsed as z.output<D["response"]>;
}

describe("saga views on real topics", () => {
  it("replays the lookback window on start, then follows live events with duplicates, invalid transitions and compensations", async () => {
    // The shipped order saga, on topics of this test's own.
    const s = suffix();
    const topicOf = (t: string) => `${t}-${s}`;
    const def = JSON.parse(readFileSync(path.join(import.meta.dirname, "../../sagas/order.json"), "utf8")) as {
      topics: string[];
    };
    def.topics = def.topics.map(topicOf);
    const dir = mkdtempSync(path.join(os.tmpdir(), "sagas-it-"));
    writeFileSync(path.join(dir, "order.json"), JSON.stringify(def));
    writeFileSync(
      path.join(dir, "broken.json"),
      JSON.stringify({
        name: "broken",
        topics: ["x"],
        correlation: "nope",
        eventType: "headers.t",
        initial: "a",
        states: { a: {} },
        transitions: [],
      }),
    );

    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: ["orders", "payments", "inventory", "shipping"].map((t) => ({ topic: topicOf(t), numPartitions: 2 })),
      waitForLeaders: true,
    });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    let n = 0;
    const send = (topic: string, saga: string, type: string, eventId = `e-${n++}`) =>
      producer.send({
        topic: topicOf(topic),
        messages: [
          {
            key: saga,
            value: JSON.stringify({ saga, type }),
            headers: { "saga-id": saga, "event-type": type, "event-id": eventId },
          },
        ],
      });
    // History from before the server starts: one completed, one compensated saga.
    for (const [topic, type] of [
      ["orders", "OrderCreated"],
      ["payments", "PaymentAuthorized"],
      ["inventory", "InventoryReserved"],
      ["shipping", "ShipmentScheduled"],
      ["orders", "OrderCompleted"],
    ])
      await send(topic!, "old-ok", type!);
    for (const [topic, type] of [
      ["orders", "OrderCreated"],
      ["payments", "PaymentAuthorized"],
      ["inventory", "InventoryOutOfStock"],
      ["payments", "PaymentRefunded"],
      ["orders", "OrderCancelled"],
    ])
      await send(topic!, "old-comp", type!);

    // TRACE_TOPICS: the discovery topic below is read for tracing and discovery, from its first record.
    const config = testConfig(brokers, { SAGAS_DIR: dir, SAGA_LOOKBACK_HOURS: "1", TRACE_TOPICS: "flow-*" });
    app = await startSagascope(config, quietLog(), { ui: false });
    const list = await waitFor("replay done", async () => {
      const l = await get<SagaList>("/api/sagas");
      return l.catchUp.state === "live" ? l : undefined;
    });
    expect(list.catchUp.read).toBe(10);
    expect(list.broken).toEqual([
      {
        file: path.join(dir, "broken.json"),
        saga: "broken",
        errors: expect.arrayContaining([expect.objectContaining({ field: "correlation" })]),
      },
    ]);
    expect(list.sagas[0]!.finished).toEqual({ completed: 1, compensated: 1, failed: 0 });

    // Live: a saga in progress, a duplicate delivery (same event id, produced again by kcat), an invalid transition.
    await send("orders", "live-1", "OrderCreated", "dup-id");
    await kcat(
      [
        "-b",
        brokers,
        "-P",
        "-t",
        topicOf("orders"),
        "-k",
        "live-1",
        "-H",
        "saga-id=live-1",
        "-H",
        "event-type=OrderCreated",
        "-H",
        "event-id=dup-id",
      ],
      '{"again":true}',
    );
    await send("shipping", "live-1", "ShipmentScheduled");
    await producer.disconnect();
    const inst = await waitFor("live-1 with anomalies", async () => {
      const i = await get<InstanceView>(`/api/sagas/order/instances/live-1`);
      return i.anomalies?.length === 2 ? i : undefined;
    });
    expect(inst.state).toBe("created");
    expect(inst.anomalies.sort()).toEqual(["duplicate", "invalid-transition"]);
    // Three topics and partitions (kcat picks its own): arrival order between them is not fixed.
    expect(inst.history.map((h) => `${h.type}:${h.refused}`).sort()).toEqual([
      "OrderCreated:duplicate",
      "OrderCreated:null",
      "ShipmentScheduled:invalid-transition",
    ]);

    const detail = await get<SagaDetail>("/api/sagas/order");
    expect(detail.summary.byState).toMatchObject({ created: 1, completed: 1, compensated: 1 });
    expect(detail.definition.transitions.filter((t) => t.compensation)).toHaveLength(6);
    const comp = await get<{ instances: InstanceSummaryView[] }>("/api/sagas/order/instances?state=compensated");
    expect(comp.instances.map((i) => i.id)).toEqual(["old-comp"]);
    const withDup = await get<{ instances: InstanceSummaryView[] }>("/api/sagas/order/instances?anomaly=duplicate");
    expect(withDup.instances.map((i) => i.id)).toEqual(["live-1"]);
    expect((await fetch(`${app.url}/api/sagas/nope`)).status).toBe(404);
    expect(await errorOf("/api/sagas/nope/instances/live-1")).toEqual({ status: 404, code: "NOT_FOUND" });
    expect(await errorOf("/api/sagas/order/instances/nope")).toEqual({ status: 404, code: "NOT_FOUND" });
    expect(await errorOf("/api/sagas/order/instances?anomaly=weird")).toEqual({ status: 400, code: "INVALID_ANOMALY" });

    // Every read route answers what its declaration says: parsed by the response schema, and nothing the schema does not know.
    await conforms(sagasRoutes.list, "/api/sagas");
    await conforms(sagasRoutes.detail, "/api/sagas/order");
    const listed = await conforms(sagasRoutes.instances, "/api/sagas/order/instances?limit=10");
    expect(listed.instances.map((i) => i.id).sort()).toEqual(["live-1", "old-comp", "old-ok"]);
    const one = await conforms(sagasRoutes.instance, "/api/sagas/order/instances/live-1");
    expect(one.anomalyList.map((a) => a.kind).sort()).toEqual(["duplicate", "invalid-transition"]);
    // The trace of the live saga: its three records, found by their saga-id header.
    await waitFor("live-1 traced", async () =>
      (await get<{ hops: unknown[] }>("/api/traces/live-1")).hops.length >= 3 ? true : undefined,
    );
    const trace = await conforms(tracesRoutes.trace, "/api/traces/live-1");
    expect(trace.hops.map((h) => h.matchedBy)).toEqual(["saga-id", "saga-id", "saga-id"]);
    expect(trace.gaps).toHaveLength(2);
    expect(await errorOf(`/api/traces/${"x".repeat(201)}`)).toEqual({ status: 400, code: "INVALID_ID" });
    // Discovery: correlated events on a topic no definition covers (created now, so it is read from its first record).
    const flow = topicOf("flow");
    const a1 = kafka.admin();
    await a1.connect();
    await a1.createTopics({ topics: [{ topic: flow, numPartitions: 1 }], waitForLeaders: true });
    await a1.disconnect();
    for (const type of [`Started${s}`, `Finished${s}`])
      await kcat(["-b", brokers, "-P", "-t", flow, "-H", `saga-id=d-${s}`, "-H", `event-type=${type}`], "{}");
    await waitFor("flow discovered", async () =>
      (await get<DiscoveryView>("/api/discovery")).graph.edges.some(
        (e) => e.from === `Started${s}` && e.to === `Finished${s}`,
      )
        ? true
        : undefined,
    );
    const discovered = await conforms(discoveryRoutes.flow, "/api/discovery");
    expect(discovered.graph.nodes.find((n) => n.type === `Started${s}`)).toMatchObject({
      count: 1,
      starts: 1,
      topics: [flow],
    });
    const starting = await conforms(discoveryRoutes.definition, "/api/discovery/definition.json");
    expect(starting.transitions).toContainEqual({
      from: "start",
      event: `Started${s}`,
      to: expect.stringMatching(/^after-started/),
      compensation: false,
    });

    // A dead letter from the saga's topic links to its instance.
    const dlt = `${topicOf("orders")}.DLT`;
    const a2 = kafka.admin();
    await a2.connect();
    await a2.createTopics({ topics: [{ topic: dlt, numPartitions: 1 }], waitForLeaders: true });
    await a2.disconnect();
    await kcat(
      [
        "-b",
        brokers,
        "-P",
        "-t",
        dlt,
        "-H",
        `kafka_dlt-original-topic=${topicOf("orders")}`,
        "-H",
        "saga-id=live-1",
        "-H",
        "event-type=OrderCreated",
      ],
      "{}",
    );
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
    await waitFor("replayed after restart", async () =>
      (await get<SagaList>("/api/sagas")).catchUp.state === "live" ? true : undefined,
    );
    const afterRestart = await get<SagaDetail>("/api/sagas/order");
    expect(afterRestart.summary.byState).toEqual(beforeRestart.summary.byState);
    expect(afterRestart.summary.finished).toEqual(beforeRestart.summary.finished);
    const again = await get<InstanceView>("/api/sagas/order/instances/live-1");
    expect(again.state).toBe(live1.state);
    expect(again.anomalies.sort()).toEqual(live1.anomalies.sort());
  });
});
