import { describe, expect, it } from "vitest";
import { Throughput } from "../streams/throughput";
import { OffsetBook } from "./book";
import { listedTopics, withOffsetNumbers, withSources } from "./overview";

describe("offset numbers in the overview", () => {
  it("lists ingested and sampled topics, with the metadata's partition count", () => {
    expect(
      listedTopics(
        [
          { topic: "a", partitions: 1 },
          { topic: "b", partitions: 2 },
        ],
        [
          { topic: "b", partitions: 4 },
          { topic: "c", partitions: 3 },
        ],
      ),
    ).toEqual([
      { topic: "a", partitions: 1 },
      { topic: "b", partitions: 4 },
      { topic: "c", partitions: 3 },
    ]);
  });

  it("adds retained records and records/s per topic, null for a topic not sampled, and sums them for the cluster", () => {
    const book = new OffsetBook();
    book.record(0, [
      { topic: "a", partition: 0, start: 0, end: 10 },
      { topic: "b", partition: 0, start: 5, end: 5 },
    ]);
    book.record(2_000, [
      { topic: "a", partition: 0, start: 0, end: 30 },
      { topic: "b", partition: 0, start: 5, end: 9 },
    ]);
    const topics = ["a", "b", "c"].map((topic) => ({ topic, partitions: 1 }));
    const ov = withOffsetNumbers(
      new Throughput().overview(2_000, topics, () => false),
      (t) => book.topic(t),
    );
    expect(ov.topics.map((t) => [t.topic, t.retainedRecords, t.offsetRatePerSec])).toEqual([
      ["a", 30, 10],
      ["b", 4, 2],
      ["c", null, null],
    ]);
    expect(ov.cluster).toMatchObject({ retainedRecords: 34, offsetRatePerSec: 12 });
  });

  it("takes records/s of topics not read from offsets and bytes/s from log sizes, and says so", () => {
    const row = (topic: string, recordsPerSec: number, bytesPerSec: number, offsetRatePerSec: number | null) => ({
      topic,
      recordsPerSec,
      bytesPerSec,
      offsetRatePerSec,
    });
    const s = withSources(
      {
        rows: [row("read", 10, 1_000, 11), row("quiet", 3, 0, 40), row("refused", 0, 0, 5)],
        cluster: { recordsPerSec: 13, bytesPerSec: 1_000 },
      },
      { isRead: (t) => t === "read", bytesPerSec: (t) => (t === "quiet" ? 4_000 : null) },
    );
    expect(s.rows.map((r) => [r.topic, r.recordsPerSec, r.bytesPerSec, r.source, r.bytesEstimated])).toEqual([
      ["read", 10, 1_000, "records", false],
      ["quiet", 40, 4_000, "offsets", true],
      ["refused", 5, null, "offsets", true],
    ]);
    expect(s.cluster).toEqual({ recordsPerSec: 55, bytesPerSec: 5_000, source: "offsets", bytesEstimated: true });
    const allRead = withSources(
      { rows: [row("read", 10, 1_000, 11)], cluster: { recordsPerSec: 10, bytesPerSec: 1_000 } },
      {
        isRead: () => true,
        bytesPerSec: () => 1,
      },
    );
    expect(allRead.cluster).toEqual({
      recordsPerSec: 10,
      bytesPerSec: 1_000,
      source: "records",
      bytesEstimated: false,
    });
  });
});
