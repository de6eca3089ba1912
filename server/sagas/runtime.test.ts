import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../log";
import { parseDefinition } from "./definition";
import type { SagaRecord } from "./extract";
import { createSagaRuntime, type ReplayKafka, type SagaRuntime } from "./runtime";

const file = path.join(import.meta.dirname, "../../sagas/order.json");
const parsed = parseDefinition(file, readFileSync(file, "utf8"));
if (!parsed.ok) throw new Error("order.json is broken");
const order = parsed.definition;

/**
 * The admin side of a broker whose saga topics hold no record in the
 * lookback window: the replay learns where each partition ends and has
 * nothing to read, so it never asks for a consumer (which this fake lacks).
 */
function brokerWithEnds(ends: Record<string, number[]>, opts: { failWith?: string } = {}) {
  const calls: string[] = [];
  const kafka: ReplayKafka = {
    admin: () => ({
      connect: async () => undefined,
      disconnect: async () => undefined,
      listTopics: async () => {
        calls.push("listTopics");
        if (opts.failWith) throw new Error(opts.failWith);
        return Object.keys(ends);
      },
      fetchTopicOffsets: async (topic: string) =>
        (ends[topic] ?? []).map((high, partition) => ({
          partition,
          offset: String(high),
          high: String(high),
          low: "0",
        })),
      fetchTopicOffsetsByTimestamp: async (topic: string) =>
        (ends[topic] ?? []).map((_, partition) => ({ partition, offset: "-1" })),
      deleteGroups: async () => [],
    }),
    consumer: () => {
      throw new Error("this test's broker has no records to read");
    },
  };
  return { kafka, calls };
}

let clock = 1_764_000_000_000;
const runtimes: SagaRuntime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.stop();
});
function runtime(kafka: ReplayKafka, extra: Partial<Parameters<typeof createSagaRuntime>[0]> = {}) {
  const r = createSagaRuntime({
    kafka,
    log: createLogger("error", { test: true }),
    definitions: [order],
    broken: [],
    limits: { maxLive: 100, retainFinished: 100 },
    lookbackHours: 1,
    replayBuffer: 1000,
    reorderMs: 1000,
    now: () => clock,
    ...extra,
  });
  runtimes.push(r);
  return r;
}
const rec = (saga: string, type: string, ts: number, topic: string, offset: number, partition = 0): SagaRecord => ({
  topic,
  partition,
  offset: String(offset),
  timestamp: ts,
  key: Buffer.from(saga),
  value: Buffer.from("{}"),
  headers: [
    { name: "saga-id", value: Buffer.from(saga) },
    { name: "event-type", value: Buffer.from(type) },
    { name: "event-id", value: Buffer.from(`${saga}-${type}`) },
  ],
});
const steps = (r: SagaRuntime, id: string) =>
  r.registry.instance("order", id)?.history.map((s) => `${s.type}${s.refused ? ` (${s.refused})` : ""}`) ?? null;
const live = (r: SagaRuntime) =>
  vi.waitFor(() => expect(r.catchUp().state).toBe("live"), { timeout: 5000, interval: 5 });

describe("saga runtime", () => {
  it("holds live records that arrive during the catch-up and applies them in time order, across topics, once it is done", async () => {
    let started: (s: Array<{ topic: string; partition: number; offset: string }>) => void = () => undefined;
    const { kafka } = brokerWithEnds({});
    const r = runtime(kafka, { liveStartsAt: () => new Promise((resolve) => (started = resolve)) });
    expect(r.catchUp().state).toBe("catching-up");
    // A backlog arrives topic by topic: the orders topic (created, then cancelled) before the payment failure between them.
    // In arrival order the cancel would read as a timeout; in time order it follows the failed payment.
    r.live([
      rec("s-1", "OrderCreated", clock - 3000, "orders", 0),
      rec("s-1", "OrderCancelled", clock - 1000, "orders", 1),
      rec("s-1", "PaymentFailed", clock - 2000, "payments", 0),
    ]);
    expect(steps(r, "s-1")).toBeNull();
    started([]);
    await live(r);
    expect(steps(r, "s-1")).toEqual(["OrderCreated", "PaymentFailed", "OrderCancelled"]);
    expect(r.registry.instance("order", "s-1")!.state).toBe("failed");
  });

  it("does not apply again the live records below the offset the replay read up to", async () => {
    const { kafka } = brokerWithEnds({ orders: [5], payments: [0] });
    const r = runtime(kafka, { liveStartsAt: async () => [{ topic: "orders", partition: 0, offset: "3" }] });
    await live(r);
    // Ingest resumed from an older commit: offsets 1 and 2 of orders were the replay's.
    r.live([
      rec("s-old", "OrderCreated", clock, "orders", 2),
      rec("s-new", "OrderCreated", clock, "orders", 3),
      rec("s-pay", "OrderCreated", clock, "payments", 0),
    ]);
    await r.stop();
    expect(steps(r, "s-old")).toBeNull();
    expect(steps(r, "s-new")).toEqual(["OrderCreated"]);
    expect(steps(r, "s-pay")).toEqual(["OrderCreated"]);
  });

  it("keeps live records for the reorder window and releases them by record time", async () => {
    const { kafka } = brokerWithEnds({});
    const r = runtime(kafka);
    await live(r);
    r.live([rec("s-2", "OrderCreated", clock, "orders", 0), rec("s-2", "OrderCancelled", clock + 20, "orders", 1)]);
    r.live([rec("s-2", "PaymentFailed", clock + 10, "payments", 0)]);
    expect(steps(r, "s-2")).toBeNull(); // waiting out the window
    clock += 1000;
    await vi.waitFor(() => expect(steps(r, "s-2")).toEqual(["OrderCreated", "PaymentFailed", "OrderCancelled"]), {
      timeout: 5000,
      interval: 10,
    });
  });

  it("shows live data only, with the error, when the replay fails", async () => {
    let started: (s: Array<{ topic: string; partition: number; offset: string }>) => void = () => undefined;
    const { kafka } = brokerWithEnds({}, { failWith: "This server does not host this topic-partition" });
    const r = runtime(kafka, { liveStartsAt: () => new Promise((resolve) => (started = resolve)) });
    r.live([rec("s-3", "OrderCreated", clock, "orders", 0)]);
    started([]);
    await vi.waitFor(() => expect(r.catchUp().state).toBe("failed"), { timeout: 5000, interval: 5 });
    expect(r.catchUp().error).toContain("does not host");
    expect(steps(r, "s-3")).toEqual(["OrderCreated"]);
  });

  it("drops the oldest held record when the catch-up buffer is full", async () => {
    let started: (s: Array<{ topic: string; partition: number; offset: string }>) => void = () => undefined;
    const { kafka } = brokerWithEnds({});
    const r = runtime(kafka, { replayBuffer: 2, liveStartsAt: () => new Promise((resolve) => (started = resolve)) });
    r.live([
      rec("a", "OrderCreated", clock, "orders", 0),
      rec("b", "OrderCreated", clock + 1, "orders", 1),
      rec("c", "OrderCreated", clock + 2, "orders", 2),
    ]);
    started([]);
    await live(r);
    expect(["a", "b", "c"].map((id) => steps(r, id) !== null)).toEqual([false, true, true]);
  });

  it("goes live at once without saga topics, and a stop during the wait for live ingest never reaches Kafka", async () => {
    const none = brokerWithEnds({});
    const empty = runtime(none.kafka, { definitions: [] });
    expect(empty.catchUp().state).toBe("live");
    const waiting = brokerWithEnds({});
    const r = runtime(waiting.kafka, { liveStartsAt: () => new Promise(() => undefined) });
    await r.stop();
    expect(r.catchUp().state).toBe("catching-up");
    expect([...none.calls, ...waiting.calls]).toEqual([]);
  });
});
