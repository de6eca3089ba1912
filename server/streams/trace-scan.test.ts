import { describe, expect, it } from "vitest";
import { plainDecoding } from "../kafka/decoding";
import { ReadError, type ScanRead, type ScanSpan } from "../kafka/reader";
import type { RawMessage } from "../kafka/to-wire";
import { boundSpans, type ScanReader, TraceScans } from "./trace-scan";

const T = "4bf92f3577b34da6a3ce929d0e0e4736";
const msg = (offset: number, headers: Record<string, string> = {}, key = "k"): RawMessage => ({
  key: Buffer.from(key),
  value: Buffer.from('{"x":1}'),
  offset: String(offset),
  timestamp: String(1000 + offset),
  headers,
});

/** A fake cluster: records per topic and partition, read in batches of `batch`; `gate` holds each batch until released. */
function fakeReader(
  data: Record<string, Record<number, RawMessage[]>>,
  opts: { batch?: number; gate?: () => Promise<void>; slot?: ScanReader["slot"] } = {},
) {
  const reads: Array<{ topic: string; spans: ScanSpan[] }> = [];
  const reader: ScanReader = {
    plan: async (topic) => {
      const parts = data[topic];
      if (!parts) throw new ReadError("UNKNOWN_TOPIC", `topic ${topic} does not exist`);
      return Object.entries(parts).map(([p, list]) => ({
        partition: Number(p),
        from: list[0]?.offset ?? "0",
        end: String(list.length ? Number(list.at(-1)!.offset) + 1 : 0),
      }));
    },
    read: async (topic, spans, read: ScanRead) => {
      reads.push({ topic, spans });
      for (const s of spans) {
        const list = data[topic]![s.partition]!.filter(
          (m) => BigInt(m.offset) >= BigInt(s.from) && BigInt(m.offset) < BigInt(s.end),
        );
        for (let i = 0; i < list.length; i += opts.batch ?? 100) {
          if (read.signal?.aborted) return false;
          await opts.gate?.();
          if (read.signal?.aborted) return false;
          read.take(s.partition, list.slice(i, i + (opts.batch ?? 100)));
        }
      }
      return true;
    },
    slot: opts.slot ?? ((fn) => fn()),
  };
  return { reader, reads };
}

const until = async (what: () => boolean) => {
  for (let i = 0; i < 1000 && !what(); i++) await new Promise((r) => setImmediate(r));
  expect(what()).toBe(true);
};

const range = (n: number, at: (i: number) => RawMessage = (i) => msg(i)) => Array.from({ length: n }, (_, i) => at(i));

describe("TraceScans", () => {
  it("finds the records carrying the id on every topic by the index's rules, with progress reaching the total", async () => {
    const tp = `00-${T}-00f067aa0ba902b7-01`;
    const { reader } = fakeReader({
      orders: { 0: range(50, (i) => msg(i, i === 7 ? { traceparent: tp } : {})), 1: range(30) },
      payments: { 0: range(20, (i) => (i === 3 ? msg(i, {}, T) : msg(i, i === 9 ? { traceparent: tp } : {}))) },
    });
    const scans = new TraceScans({ reader, decoding: plainDecoding() });
    const started = await scans.start({ id: T, topics: ["orders", "payments"], minutes: 5, maxRecords: 1000 });
    if ("refused" in started) throw new Error(started.message);
    expect(started.total).toBe(100);
    await until(() => scans.get(started.id)?.state === "done");
    const done = scans.get(started.id)!;
    expect(done.topics).toEqual([
      { topic: "orders", scanned: 80, total: 80 },
      { topic: "payments", scanned: 20, total: 20 },
    ]);
    expect(done.scanned).toBe(100);
    expect(done.trace.hops.map((h) => [h.id, h.matchedBy])).toEqual([
      ["payments/0/3", "key"],
      ["orders/0/7", "traceparent"],
      ["payments/0/9", "traceparent"],
    ]);
    expect(done.trace.topics).toEqual(["payments", "orders"]);
    expect(done.endedAt).not.toBeNull();
  });

  it("cancels between batches: the scan ends cancelled before its end, keeping what it found", async () => {
    let release: () => void = () => undefined;
    let waiting = 0;
    const gate = () => {
      waiting++;
      return new Promise<void>((r) => (release = r));
    };
    const { reader } = fakeReader(
      { big: { 0: range(1000, (i) => msg(i, { "saga-id": i === 0 ? "s-1" : "x" })) } },
      {
        batch: 100,
        gate,
      },
    );
    const scans = new TraceScans({ reader, decoding: plainDecoding() });
    const started = await scans.start({ id: "s-1", topics: ["big"], minutes: 5, maxRecords: 1000 });
    if ("refused" in started) throw new Error(started.message);
    await until(() => waiting === 1);
    release();
    await until(() => waiting === 2);
    expect(scans.get(started.id)).toMatchObject({ state: "running", scanned: 100, total: 1000 });
    expect(scans.cancel(started.id)?.state).toBe("running");
    release();
    await until(() => scans.get(started.id)?.state === "cancelled");
    const s = scans.get(started.id)!;
    expect(s.scanned).toBe(100);
    expect(s.trace.hops.map((h) => h.id)).toEqual(["big/0/0"]);
    expect(scans.cancel("nope")).toBeUndefined();
  });

  it("refuses with BUSY when the reads are full or enough scans run, and UNKNOWN_TOPIC for a topic that does not exist", async () => {
    const full = fakeReader({ t: { 0: range(1) } }, { slot: () => Promise.reject(new ReadError("BUSY", "full")) });
    const refused = new TraceScans({ reader: full.reader, decoding: plainDecoding() });
    expect(await refused.start({ id: "a", topics: ["t"], minutes: 1, maxRecords: 10 })).toEqual({
      refused: "BUSY",
      message: "full",
    });

    const held = fakeReader({ t: { 0: range(10) } }, { batch: 1, gate: () => new Promise(() => undefined) });
    const scans = new TraceScans({ reader: held.reader, decoding: plainDecoding(), maxRunning: 1 });
    expect(await scans.start({ id: "a", topics: ["nope"], minutes: 1, maxRecords: 10 })).toMatchObject({
      refused: "UNKNOWN_TOPIC",
    });
    const first = await scans.start({ id: "a", topics: ["t"], minutes: 1, maxRecords: 10 });
    expect(first).toMatchObject({ state: "running" });
    expect(await scans.start({ id: "b", topics: ["t"], minutes: 1, maxRecords: 10 })).toMatchObject({
      refused: "BUSY",
    });
  });

  it("keeps at most maxHits hits and says so; forgets a finished scan after keepMs", async () => {
    let now = 0;
    const { reader } = fakeReader({ t: { 0: range(20, (i) => msg(i, { "correlation-id": "c" })) } });
    const scans = new TraceScans({ reader, decoding: plainDecoding(), maxHits: 5, keepMs: 1000, now: () => now });
    const s = await scans.start({ id: "c", topics: ["t"], minutes: 1, maxRecords: 100 });
    if ("refused" in s) throw new Error(s.message);
    await until(() => scans.get(s.id)?.state === "done");
    expect(scans.get(s.id)).toMatchObject({ hitsLimited: true, trace: { hops: expect.any(Array) } });
    expect(scans.get(s.id)!.trace.hops).toHaveLength(5);
    now = 1000;
    expect(scans.get(s.id)).toBeDefined();
    now = 1001;
    expect(scans.get(s.id)).toBeUndefined();
  });

  it("reads only the newest maxRecords, shared among partitions by their size", async () => {
    const { reader, reads } = fakeReader({ t: { 0: range(300), 1: range(100) } });
    const scans = new TraceScans({ reader, decoding: plainDecoding() });
    const s = await scans.start({ id: "x", topics: ["t"], minutes: 1, maxRecords: 40 });
    if ("refused" in s) throw new Error(s.message);
    expect(s).toMatchObject({ limited: true, total: 40 });
    await until(() => scans.get(s.id)?.state === "done");
    expect(reads[0]!.spans).toEqual([
      { partition: 0, from: "270", end: "300" },
      { partition: 1, from: "90", end: "100" },
    ]);
  });
});

describe("boundSpans", () => {
  it("leaves spans within the bound as they are", () => {
    const plans = [{ topic: "t", spans: [{ partition: 0, from: "5", end: "10" }] }];
    expect(boundSpans(plans, 5)).toEqual({ plans, limited: false });
  });
});
