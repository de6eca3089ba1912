import { describe, expect, it } from "vitest";
import type { WireRecord } from "../contract";
import { ClientQueue } from "./client-queue";

const rec = (offset: number): WireRecord => ({
  id: `t/0/${offset}`,
  topic: "t",
  partition: 0,
  offset: String(offset),
  timestamp: 0,
  key: { encoding: "null", text: "", bytes: 0, truncated: false },
  headers: [],
  value: { encoding: "null", text: "", bytes: 0, truncated: false },
  size: 0,
});

describe("ClientQueue", () => {
  it("drains in arrival order, at most max per drain", () => {
    const q = new ClientQueue<WireRecord>(10);
    q.push([rec(1), rec(2), rec(3)]);
    expect(q.drain(2).records.map((r) => r.offset)).toEqual(["1", "2"]);
    expect(q.drain(2).records.map((r) => r.offset)).toEqual(["3"]);
    expect(q.size).toBe(0);
  });

  it("never holds more than its capacity and counts what it drops", () => {
    const q = new ClientQueue<WireRecord>(3);
    for (let i = 0; i < 100; i++) q.push([rec(i)]);
    expect(q.size).toBe(3);
    const { records, dropped } = q.drain(10);
    expect(records.map((r) => r.offset)).toEqual(["97", "98", "99"]);
    expect(dropped).toBe(97);
    expect(q.drain(10).dropped).toBe(0);
    expect(q.droppedTotal).toBe(97);
  });

  it("counts records discarded with dropAll", () => {
    const q = new ClientQueue<WireRecord>(5);
    q.push([rec(1), rec(2)]);
    q.dropAll();
    expect(q.drain(5)).toEqual({ records: [], dropped: 2 });
    expect(q.droppedTotal).toBe(2);
  });
});

describe("ClientQueue sampling", () => {
  const many = (n: number, from = 0) => Array.from({ length: n }, (_, i) => rec(from + i));

  it("sends everything under the limit and reports matched = sent", () => {
    const q = new ClientQueue<WireRecord>(10_000, 100);
    q.push(many(80), 1_000);
    expect(q.drain(1000).records).toHaveLength(80);
    expect(q.rate(2_000)).toEqual({ matchedPerSec: 80, sentPerSec: 80 });
    expect(q.sampledOutTotal).toBe(0);
  });

  it("sends an even sample of at most the limit per second, and says N of M", () => {
    const q = new ClientQueue<WireRecord>(100_000, 100);
    // second 1: 1,000 records in ten pushes; the cap holds even before a rate is known.
    for (let i = 0; i < 10; i++) q.push(many(100, i * 100), 1_000 + i * 90);
    const first = q.drain(10_000).records;
    expect(first.length).toBeLessThanOrEqual(100);
    // second 2: same rate; now every 10th record, spread over the whole second.
    for (let i = 0; i < 10; i++) q.push(many(100, 1000 + i * 100), 2_000 + i * 90);
    const second = q.drain(10_000).records.map((r) => Number(r.offset));
    expect(second.length).toBe(100);
    expect(second[0]! - 1000).toBeLessThan(10);
    expect(second.at(-1)!).toBeGreaterThanOrEqual(1980); // spread to the end of the second
    const gaps = second.slice(1).map((o, i) => o - second[i]!);
    expect(new Set(gaps.slice(1))).toEqual(new Set([10])); // after the first (phase carried over), an exact stride
    expect(q.rate(3_000)).toEqual({ matchedPerSec: 1000, sentPerSec: 100 });
    expect(q.sampledOutTotal).toBe(2000 - first.length - 100);
    expect(q.droppedTotal).toBe(0); // sampling is not a drop
  });

  it("forgets the rate after an idle second", () => {
    const q = new ClientQueue<WireRecord>(100_000, 10);
    q.push(many(50), 1_000);
    expect(q.rate(2_500)).toEqual({ matchedPerSec: 50, sentPerSec: 10 });
    expect(q.rate(5_000)).toEqual({ matchedPerSec: 0, sentPerSec: 0 });
    q.drain(1000);
    q.push(many(5), 5_100);
    expect(q.drain(1000).records).toHaveLength(5);
  });
});
