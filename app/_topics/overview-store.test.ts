import { describe, expect, it } from "vitest";
import type { OverviewSummary } from "@contract";
import { OverviewStore } from "./overview-store";

const summary = (topicCount: number): OverviewSummary => ({
  at: 1,
  cluster: {
    partitions: 0,
    recordsPerSec: 0,
    bytesPerSec: 0,
    spark: [],
    totalRecords: 0,
    totalBytes: 0,
    topicCount,
  },
});

describe("OverviewStore", () => {
  it("keeps the last valid summary and counts invalid ones", () => {
    const s = new OverviewStore();
    let calls = 0;
    s.subscribe(() => calls++);
    s.receive(summary(7));
    s.receive({ nonsense: true });
    expect(s.getSnapshot()?.cluster.topicCount).toBe(7);
    expect(s.invalid).toBe(1);
    expect(calls).toBe(1);
  });
});
