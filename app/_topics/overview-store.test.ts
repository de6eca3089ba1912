import { describe, expect, it } from "vitest";
import type { Overview, TopicOverview } from "@contract";
import { OverviewStore, visibleTopics } from "./overview-store";

const topic = (name: string, recordsPerSec: number): TopicOverview => ({
  topic: name,
  partitions: 1,
  deadLetter: name.endsWith(".DLT"),
  recordsPerSec,
  bytesPerSec: recordsPerSec * 10,
  spark: [],
  totalRecords: 0,
  totalBytes: 0,
});
const overview = (...topics: TopicOverview[]): Overview => ({
  at: 1,
  topics,
  cluster: {
    partitions: 0,
    recordsPerSec: 0,
    bytesPerSec: 0,
    spark: [],
    totalRecords: 0,
    totalBytes: 0,
    topicCount: topics.length,
  },
});

describe("visibleTopics", () => {
  const o = overview(topic("payments", 5), topic("orders", 9), topic("orders.DLT", 0), topic("audit", 5));

  it("sorts by retained records with topics not sampled yet last", () => {
    const r = overview(
      { ...topic("a", 0), retainedRecords: 5 },
      { ...topic("b", 0), retainedRecords: null },
      { ...topic("c", 0), retainedRecords: 50 },
      { ...topic("d", 0), retainedRecords: 0 },
    );
    expect(visibleTopics(r, "", "retainedRecords", true).map((t) => t.topic)).toEqual(["c", "a", "d", "b"]);
  });

  it("sorts by a column in either direction, ties by name", () => {
    expect(visibleTopics(o, "", "recordsPerSec", true).map((t) => t.topic)).toEqual([
      "orders",
      "audit",
      "payments",
      "orders.DLT",
    ]);
    expect(visibleTopics(o, "", "topic", false).map((t) => t.topic)).toEqual([
      "audit",
      "orders",
      "orders.DLT",
      "payments",
    ]);
  });

  it("filters by name, case-insensitively", () => {
    expect(visibleTopics(o, " ORDERS ", "topic", false).map((t) => t.topic)).toEqual(["orders", "orders.DLT"]);
  });
});

describe("OverviewStore", () => {
  it("keeps the last valid overview and counts invalid ones", () => {
    const s = new OverviewStore();
    let calls = 0;
    s.subscribe(() => calls++);
    s.receive(overview(topic("a", 1)));
    s.receive({ nonsense: true });
    expect(s.getSnapshot()?.topics[0]?.topic).toBe("a");
    expect(s.invalid).toBe(1);
    expect(calls).toBe(1);
  });
});
