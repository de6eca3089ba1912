import { describe, expect, it } from "vitest";
import type { WireRecord } from "../contract";
import { TopicCounter } from "./topic-counter";

const rec = (topic: string, size: number, timestamp: number) => ({ topic, size, timestamp }) as WireRecord;

describe("TopicCounter", () => {
  it("sums records and bytes per topic and keeps the newest timestamp", () => {
    const c = new TopicCounter();
    c.add([rec("a", 10, 5), rec("a", 5, 3), rec("b", 1, 9)]);
    expect(c.total).toBe(3);
    expect(c.take()).toEqual([
      { topic: "a", records: 2, bytes: 15, lastSeenAt: new Date(5) },
      { topic: "b", records: 1, bytes: 1, lastSeenAt: new Date(9) },
    ]);
    expect(c.take()).toEqual([]);
  });

  it("merges restored deltas back after a failed flush", () => {
    const c = new TopicCounter();
    c.add([rec("a", 10, 5)]);
    const taken = c.take();
    c.add([rec("a", 1, 7)]);
    c.restore(taken);
    expect(c.take()).toEqual([{ topic: "a", records: 2, bytes: 11, lastSeenAt: new Date(7) }]);
  });
});
