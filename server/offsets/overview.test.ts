import { describe, expect, it } from "vitest";
import { Throughput } from "../streams/throughput";
import { OffsetBook } from "./book";
import { listedTopics, withOffsetNumbers } from "./overview";

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
});
