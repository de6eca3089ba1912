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
    const q = new ClientQueue(10);
    q.push([rec(1), rec(2), rec(3)]);
    expect(q.drain(2).records.map((r) => r.offset)).toEqual(["1", "2"]);
    expect(q.drain(2).records.map((r) => r.offset)).toEqual(["3"]);
    expect(q.size).toBe(0);
  });

  it("never holds more than its capacity and counts what it drops", () => {
    const q = new ClientQueue(3);
    for (let i = 0; i < 100; i++) q.push([rec(i)]);
    expect(q.size).toBe(3);
    const { records, dropped } = q.drain(10);
    expect(records.map((r) => r.offset)).toEqual(["97", "98", "99"]);
    expect(dropped).toBe(97);
    expect(q.drain(10).dropped).toBe(0);
    expect(q.droppedTotal).toBe(97);
  });

  it("counts records discarded with dropAll", () => {
    const q = new ClientQueue(5);
    q.push([rec(1), rec(2)]);
    q.dropAll();
    expect(q.drain(5)).toEqual({ records: [], dropped: 2 });
    expect(q.droppedTotal).toBe(2);
  });
});
