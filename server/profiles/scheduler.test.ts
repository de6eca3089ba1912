import { describe, expect, it } from "vitest";
import { plainDecoding } from "../kafka/decoding";
import { ReadError, type ScanSpan, type TopicSpans, type TopicsRead } from "../kafka/reader";
import { createLogger } from "../log";
import { Profiler, type ProfileLimits, type ProfileReader } from "./scheduler";

const rules = { eventType: ["value.type"], correlation: [] };

/** A cluster in memory: each partition holds `records` values of `size` bytes; reads are recorded. */
function fakeCluster(topics: Array<{ topic: string; partitions: number }>, records = 50, size = 100) {
  const reads: string[][] = [];
  let busy = false;
  const reader: ProfileReader = {
    plan: async (names, count) =>
      new Map(
        names
          .filter((n) => topics.some((t) => t.topic === n))
          .map((n) => {
            const parts = topics.find((t) => t.topic === n)!.partitions;
            const spans: ScanSpan[] = Array.from({ length: parts }, (_, p) => ({
              partition: p,
              from: String(Math.max(0, records - count)),
              end: String(records),
            }));
            return [n, spans] as const;
          }),
      ),
    read: async (plan: TopicSpans, read: TopicsRead) => {
      reads.push([...plan.keys()]);
      for (const [topic, spans] of plan)
        for (const s of spans) {
          // One record per batch, as a fetch of big records would hand them over.
          for (let o = Number(s.from); o < Number(s.end); o++) {
            const value = Buffer.alloc(size, 0x61);
            value.write(`{"type":"T${o % 3}"`, 0);
            const stop = read.take(topic, s.partition, [
              { key: null, value, offset: String(o), timestamp: "0", headers: {} },
            ]);
            if (stop) break;
            if (read.signal?.aborted) return false;
          }
        }
      return true;
    },
    slot: async (fn) => {
      if (busy) throw new ReadError("BUSY", "full");
      return fn();
    },
  };
  return { reader, reads, setBusy: (b: boolean) => (busy = b), topics };
}

const profiler = (cluster: ReturnType<typeof fakeCluster>, clock: { t: number }, limits: Partial<ProfileLimits> = {}) =>
  new Profiler({
    topics: () => cluster.topics,
    reader: cluster.reader,
    decoding: plainDecoding(),
    rules,
    log: createLogger("error", { test: true }),
    now: () => clock.t,
    limits: { intervalMs: 60_000, checkMs: 1000, ...limits },
  });

describe("Profiler", () => {
  it("reads at most the last records of each partition, bounded by bytes per partition", async () => {
    const cluster = fakeCluster([{ topic: "a", partitions: 2 }], 50, 100_000);
    const clock = { t: 1000 };
    const p = profiler(cluster, clock, { recordsPerPartition: 20, bytesPerPartition: 256 * 1024 });
    await p.tick();
    const a = p.profile("a")!;
    // 100 kB records: the third crosses 256 KiB and ends each partition's sample.
    expect(a).toMatchObject({ records: 6, partitions: 2, partitionsSampled: 2, limited: true, sampledAt: 1000 });
    const small = fakeCluster([{ topic: "b", partitions: 2 }], 50, 100);
    const q = profiler(small, clock);
    await q.tick();
    expect(q.profile("b")).toMatchObject({ records: 40, limited: false, bytes: 40 * 100 });
  });

  it("keeps to the partitions per interval: the rest wait for the next interval, oldest profile first", async () => {
    const cluster = fakeCluster([
      { topic: "a", partitions: 4 },
      { topic: "b", partitions: 4 },
      { topic: "c", partitions: 4 },
    ]);
    const clock = { t: 0 };
    const p = profiler(cluster, clock, { partitionsPerInterval: 8, topicsPerRead: 1 });
    await p.tick();
    expect(cluster.reads).toEqual([["a"], ["b"]]);
    expect(p.profile("c")).toBeUndefined();
    // c waits for the next interval, and the estimate says so.
    expect(p.expectedAt("c")).toBe(60_000);
    clock.t = 30_000;
    await p.tick();
    expect(cluster.reads).toHaveLength(2);
    clock.t = 60_000;
    await p.tick();
    // The next interval: c (never profiled) first, then a (the oldest profile).
    expect(cluster.reads.slice(2)).toEqual([["c"], ["a"]]);
    expect(p.profile("c")?.sampledAt).toBe(60_000);
    expect(p.profile("b")?.sampledAt).toBe(0);
  });

  it("stops at the bytes per interval and finishes the cut topics in the next one", async () => {
    const cluster = fakeCluster(
      [
        { topic: "a", partitions: 1 },
        { topic: "b", partitions: 1 },
      ],
      20,
      1000,
    );
    const clock = { t: 0 };
    const p = profiler(cluster, clock, { bytesPerInterval: 25_000 });
    await p.tick();
    // One read for both topics: a is read whole (20 kB), b is cut at the budget and not recorded half-read.
    expect(cluster.reads).toEqual([["a", "b"]]);
    expect(p.profile("a")?.records).toBe(20);
    expect(p.profile("b")).toBeUndefined();
    clock.t = 60_000;
    await p.tick();
    expect(p.profile("b")?.records).toBe(20);
  });

  it("gives way when the on-demand reads are full and forgets topics that are gone", async () => {
    const cluster = fakeCluster([{ topic: "a", partitions: 1 }]);
    const clock = { t: 0 };
    const p = profiler(cluster, clock);
    cluster.setBusy(true);
    await p.tick();
    expect(p.profile("a")).toBeUndefined();
    cluster.setBusy(false);
    clock.t = 1000;
    await p.tick();
    expect(p.profile("a")?.records).toBe(20);
    cluster.topics.length = 0;
    expect(p.knows("a")).toBe(false);
    expect(p.profile("a")).toBeUndefined();
  });
});
