import { describe, expect, it } from "vitest";
import type { TopicOverview, TopicView } from "@contract";
import { keepUnchanged } from "./use-topics-view";

const row = (topic: string, recordsPerSec: number): TopicOverview => ({
  topic,
  partitions: 1,
  deadLetter: false,
  recordsPerSec,
  bytesPerSec: 0,
  spark: [recordsPerSec],
  totalRecords: 0,
  totalBytes: 0,
});
const view = (...rows: TopicOverview[]): TopicView => ({
  at: 1,
  total: rows.length,
  matched: rows.length,
  sort: "topic",
  dir: "asc",
  offset: 0,
  limit: 100,
  rows,
});

describe("keepUnchanged", () => {
  it("keeps the previous object of a row whose numbers did not change, and takes the new one otherwise", () => {
    const prev = view(row("a", 1), row("b", 2));
    const next = keepUnchanged(prev, view(row("a", 1), row("b", 3), row("c", 0)));
    expect(next.rows[0]).toBe(prev.rows[0]);
    expect(next.rows[1]).not.toBe(prev.rows[1]);
    expect(next.rows[1]?.recordsPerSec).toBe(3);
    expect(next.rows.map((r) => r.topic)).toEqual(["a", "b", "c"]);
  });
});
