import { describe, expect, it } from "vitest";
import type { WireRecord } from "@contract";
import { addPage, cursor, startHistory } from "./history";

const rec = (partition: number, offset: number, timestamp: number): WireRecord => ({
  id: `t/${partition}/${offset}`,
  topic: "t",
  partition,
  offset: String(offset),
  timestamp,
  key: { encoding: "null", text: "", bytes: 0, truncated: false },
  headers: [],
  value: { encoding: "null", text: "", bytes: 0, truncated: false },
  size: 0,
});

describe("history paging", () => {
  it("shows pages newest first and moves the cursors the way it paged", () => {
    let v = startHistory("t", "2026-11-25T10:00:00Z", {
      records: [rec(0, 5, 100), rec(1, 2, 110)],
      partitions: [
        { partition: 0, next: "6", prev: "5" },
        { partition: 1, next: "3", prev: "2" },
      ],
    });
    expect(v.records.map((r) => r.id)).toEqual(["t/1/2", "t/0/5"]);
    expect(cursor(v.newer)).toBe("0:6,1:3");
    expect(cursor(v.older)).toBe("0:5,1:2");
    expect(v.oldestReached).toBe(false);

    v = addPage(
      v,
      {
        records: [rec(0, 6, 120)],
        partitions: [
          { partition: 0, next: "7", prev: "6" },
          { partition: 1, next: "3", prev: "3" },
        ],
      },
      "newer",
      100,
    );
    expect(v.records.map((r) => r.id)).toEqual(["t/0/6", "t/1/2", "t/0/5"]);
    expect(cursor(v.newer)).toBe("0:7,1:3");
    expect(cursor(v.older)).toBe("0:5,1:2"); // unchanged by a newer page

    v = addPage(
      v,
      {
        records: [rec(0, 4, 90), rec(1, 0, 80), rec(1, 1, 95)],
        partitions: [
          { partition: 0, next: "5", prev: "4" },
          { partition: 1, next: "2", prev: "0" },
        ],
      },
      "older",
      100,
    );
    expect(v.records.map((r) => r.id)).toEqual(["t/0/6", "t/1/2", "t/0/5", "t/1/1", "t/0/4", "t/1/0"]);
    expect(cursor(v.older)).toBe("0:4,1:0");
    expect(v.oldestReached).toBe(false);
    v = addPage(v, { records: [], partitions: [{ partition: 0, next: "4", prev: "0" }] }, "older", 100);
    expect(v.oldestReached).toBe(true);
  });

  it("keeps at most `cap` records, dropping from the end it moves away from", () => {
    const v = startHistory("t", "0", {
      records: [rec(0, 0, 1), rec(0, 1, 2)],
      partitions: [{ partition: 0, next: "2", prev: "0" }],
    });
    const newer = addPage(
      v,
      { records: [rec(0, 2, 3), rec(0, 3, 4)], partitions: [{ partition: 0, next: "4", prev: "2" }] },
      "newer",
      3,
    );
    expect(newer.records.map((r) => r.offset)).toEqual(["3", "2", "1"]);
    expect(cursor(newer.older)).toBe("0:1"); // offset 0 was let go: an older page reads it again
  });
});
