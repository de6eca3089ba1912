import { readFileSync } from "node:fs";
import path from "node:path";
import { seeded } from "../seeded";
import { describe, expect, it } from "vitest";
import { parseDefinition, type SagaDefinition } from "../../sagas/definition";
import { applyEvent, newInstance, type Instance } from "../../sagas/engine";
import { lastHeader } from "../../records/path";
import { reader, type SagaRecord } from "../../sagas/extract";
import { loadDefinitions } from "../../sagas/load";
import { traceIdOf } from "../events";
import { orderPayload } from "../orders";
import { decide, type ReturnState } from "./coordinator";
import {
  isCommand,
  isReply,
  isReturnRequested,
  Participants,
  ReturnTopics,
  topicOf,
  type ReturnEvent,
  type ReturnMessage,
  type ReturnSource,
} from "./messages";
import { answer, type ParticipantShares } from "./participants";
import { newReturnId, returnRequested, type ReturnableOrder } from "./requests";
import { readReturnMessage, returnHeaders } from "./wire";

const sagasDir = path.join(import.meta.dirname, "../../../sagas");
const file = path.join(sagasDir, "return.json");
const parsed = parseDefinition(file, readFileSync(file, "utf8"));
if (!parsed.ok) throw new Error(JSON.stringify(parsed.broken));
const def: SagaDefinition = parsed.definition;

/**
 * The return saga with no Kafka: every message becomes a record on its topic
 * (headers from returnHeaders), which the dashboard's engine reads with the
 * definition's paths, and which is parsed back (readReturnMessage) and routed
 * to the coordinator or the participants, until nothing is left to deliver.
 */
function simulate(opts: { returns: number; shares: ParticipantShares; rng: () => number; deliverTwice?: boolean }) {
  const instances = new Map<string, Instance>();
  const coordinator = new Map<string, ReturnState | null>();
  const ends = new Map<string, ReturnEvent>(); // the coordinator's last word on each return
  const handledCommands = new Set<string>(); // participants are idempotent consumers: a command id is carried out once
  const offsets = new Map<string, number>();
  const queue: SagaRecord[] = [];
  let clock = 1_000;
  const publish = (m: ReturnMessage, source: ReturnSource) => {
    const topic = topicOf[m.kind];
    const headers = Object.entries(returnHeaders(m, source)).map(([name, v]) => ({ name, value: Buffer.from(v) }));
    for (let copy = 0; copy < (opts.deliverTwice ? 2 : 1); copy++) {
      const offset = offsets.get(topic) ?? 0;
      offsets.set(topic, offset + 1);
      queue.push({
        topic,
        partition: 0,
        offset: String(offset),
        timestamp: (clock += 7),
        key: Buffer.from(m.returnId),
        value: Buffer.from(JSON.stringify(m.payload)),
        headers,
      });
    }
  };
  for (let i = 0; i < opts.returns; i++) {
    const returnId = newReturnId(opts.rng);
    const order = orderPayload(`o-${i}`, opts.rng, new Date(0)) as ReturnableOrder;
    publish(returnRequested(returnId, "4bf92f3577b34da6a3ce929d0e0e4736", order, opts.rng), "order-service");
  }
  for (let r = queue.shift(); r; r = queue.shift()) {
    const read = reader(r);
    const correlationId = read(def.correlation)!;
    const type = read(def.eventType)!;
    const inst = instances.get(correlationId) ?? newInstance(def, correlationId, r.timestamp);
    instances.set(correlationId, inst);
    applyEvent(def, inst, {
      correlationId,
      type,
      eventId: read(def.eventId ?? []) ?? null,
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      timestamp: r.timestamp,
    });

    const m = readReturnMessage((name) => lastHeader(r.headers, name)?.toString(), r.value!.toString());
    if (!m) throw new Error(`unreadable record at ${r.topic}/${r.offset}`);
    if (isReturnRequested(m) || isReply(m)) {
      const d = decide(coordinator.get(m.returnId) ?? null, m);
      coordinator.set(m.returnId, d.next);
      for (const c of d.commands) publish(c, "return-coordinator");
      for (const e of d.events) {
        ends.set(e.returnId, e);
        publish(e, "return-coordinator");
      }
    } else if (isCommand(m) && !handledCommands.has(m.id)) {
      handledCommands.add(m.id);
      for (const p of Participants) for (const reply of answer(p, m, opts.rng, opts.shares)) publish(reply, p);
    }
  }
  return { instances: [...instances.values()], coordinator, ends };
}

describe("sagas/return.json", () => {
  it("is a valid orchestration definition over the three return topics", () => {
    expect(def).toMatchObject({
      name: "return",
      style: "orchestration",
      topics: Object.values(ReturnTopics),
      correlation: ["headers.saga-id", "key"],
      eventType: ["headers.event-type"],
    });
    expect(def.transitions.filter((t) => t.compensation).map((t) => t.event)).toEqual([
      "RefundDeclined",
      "CancelRestock",
      "RestockCancelled",
      "ReturnRejected",
    ]);
    // Every message kind is an event of the definition, so the graph shows each request and reply.
    expect(new Set(def.transitions.map((t) => t.event))).toEqual(new Set(Object.keys(topicOf)));
  });

  it("loads beside the order saga from sagas/ with nothing broken", () => {
    const { definitions, broken } = loadDefinitions(sagasDir);
    expect(broken).toEqual([]);
    expect(definitions.map((d) => [d.name, d.style])).toEqual([
      ["order", "choreography"],
      ["return", "orchestration"],
    ]);
  });
});

describe("headers", () => {
  it("carry the order saga's names, plus correlation-id and reply-to on commands, and read back to the same message", () => {
    const trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    const cmd = {
      kind: "IssueRefund",
      returnId: "r-1",
      traceId: trace,
      id: "r-1:IssueRefund",
      correlationId: "r-1:IssueRefund",
      payload: { amount: 5 },
    } as const;
    const h = returnHeaders(cmd, "return-coordinator", "demo-x-return-replies");
    expect(h).toMatchObject({
      "saga-id": "r-1",
      "event-type": "IssueRefund",
      "event-id": "r-1:IssueRefund",
      "correlation-id": "r-1:IssueRefund",
      "reply-to": "demo-x-return-replies",
      ce_id: "r-1:IssueRefund",
      ce_type: "com.sagascope.demo.IssueRefund",
      ce_source: "/demo/return-coordinator",
      ce_specversion: "1.0",
      "content-type": "application/json",
    });
    expect(traceIdOf(h.traceparent)).toBe(trace);
    expect(readReturnMessage((n) => h[n], JSON.stringify(cmd.payload))).toEqual(cmd);
    const done = returnHeaders(
      { ...cmd, kind: "ReturnCompleted", id: "r-1:ReturnCompleted", correlationId: null },
      "return-coordinator",
    );
    expect(done["correlation-id"]).toBeUndefined();
    expect(done["reply-to"]).toBeUndefined();
  });

  it("refuse records that are not well-formed return messages", () => {
    const h = returnHeaders(
      {
        kind: "RefundIssued",
        returnId: "r-1",
        traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
        id: "r-1:RefundIssued",
        correlationId: "r-1:IssueRefund",
        payload: {},
      },
      "payment-service",
    );
    const without = (name: string) => (n: string) => (n === name ? undefined : h[n]);
    expect(readReturnMessage((n) => h[n], "{}")).not.toBeNull();
    expect(readReturnMessage(without("correlation-id"), "{}")).toBeNull();
    expect(readReturnMessage(without("saga-id"), "{}")).toBeNull();
    expect(readReturnMessage((n) => h[n], "{cut")).toBeNull();
    expect(readReturnMessage((n) => (n === "event-type" ? "OrderCreated" : h[n]), "{}")).toBeNull();
    expect(
      readReturnMessage(
        (n) => (n === "event-type" ? "ReturnRequested" : h[n]),
        JSON.stringify({ orderId: "o-1", items: [], amount: 1, currency: "EUR", reason: "" }),
      ),
    ).toBeNull();
  });
});

describe("return saga end to end (coordinator, participants and the dashboard's engine, no Kafka)", () => {
  const single = (shares: ParticipantShares) => {
    const { instances, coordinator } = simulate({ returns: 1, shares, rng: seeded(5) });
    const inst = instances[0]!;
    return { inst, path: inst.history.map((h) => h.type), state: coordinator.get(inst.id) };
  };

  it("happy: restocked, refunded, completed", () => {
    const { inst, path, state } = single({ "inventory-service": 0, "payment-service": 0 });
    expect(path).toEqual([
      "ReturnRequested",
      "RestockItems",
      "ItemsRestocked",
      "IssueRefund",
      "RefundIssued",
      "ReturnCompleted",
    ]);
    expect(inst).toMatchObject({ terminal: "completed", anomalies: [] });
    expect(state?.status).toBe("completed");
  });

  it("refused: rejected with nothing to undo ends failed", () => {
    const { inst, path } = single({ "inventory-service": 1, "payment-service": 0 });
    expect(path).toEqual(["ReturnRequested", "RestockItems", "RestockRefused", "ReturnRejected"]);
    expect(inst).toMatchObject({ terminal: "failed", anomalies: [] });
  });

  it("declined: the restock is undone and the saga ends compensated", () => {
    const { inst, path } = single({ "inventory-service": 0, "payment-service": 1 });
    expect(path).toEqual([
      "ReturnRequested",
      "RestockItems",
      "ItemsRestocked",
      "IssueRefund",
      "RefundDeclined",
      "CancelRestock",
      "RestockCancelled",
      "ReturnRejected",
    ]);
    expect(inst).toMatchObject({ terminal: "compensated", anomalies: [] });
    expect(inst.history.filter((h) => h.compensation).map((h) => h.type)).toEqual([
      "RefundDeclined",
      "CancelRestock",
      "RestockCancelled",
      "ReturnRejected",
    ]);
  });

  it("ends every return of a mixed run, the engine agreeing with the coordinator, with no anomaly", () => {
    const { instances, coordinator, ends } = simulate({
      returns: 300,
      shares: { "inventory-service": 0.2, "payment-service": 0.3 },
      rng: seeded(11),
    });
    expect(instances).toHaveLength(300);
    const count = { completed: 0, failed: 0, compensated: 0 };
    for (const inst of instances) {
      expect(inst.anomalies).toEqual([]);
      expect(coordinator.get(inst.id)).toMatchObject({
        status: expect.stringMatching(/^(completed|rejected)$/),
        awaiting: null,
      });
      const end = ends.get(inst.id)!;
      expect(inst.terminal).toBe(
        end.kind === "ReturnCompleted" ? "completed" : end.payload.compensated ? "compensated" : "failed",
      );
      count[inst.terminal as keyof typeof count]++;
    }
    // About 20% refused, 30% of the rest declined.
    expect(count.failed / 300).toBeGreaterThan(0.12);
    expect(count.failed / 300).toBeLessThan(0.28);
    expect(count.compensated / 300).toBeGreaterThan(0.16);
    expect(count.compensated / 300).toBeLessThan(0.32);
    expect(count.completed).toBe(300 - count.failed - count.compensated);
  });

  it("with every record delivered twice, the same ends: the engine flags the duplicates, never an invalid transition", () => {
    const once = simulate({
      returns: 50,
      shares: { "inventory-service": 0.2, "payment-service": 0.3 },
      rng: seeded(3),
    });
    const twice = simulate({
      returns: 50,
      shares: { "inventory-service": 0.2, "payment-service": 0.3 },
      rng: seeded(3),
      deliverTwice: true,
    });
    expect(twice.instances.map((i) => [i.id, i.terminal])).toEqual(once.instances.map((i) => [i.id, i.terminal]));
    for (const inst of twice.instances) {
      expect(inst.anomalies.every((a) => a.kind === "duplicate")).toBe(true);
      expect(inst.anomalies).toHaveLength(inst.history.filter((h) => h.refused === null).length);
    }
  });
});
