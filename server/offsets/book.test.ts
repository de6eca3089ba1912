import { describe, expect, it } from "vitest";
import { OffsetBook, RING, type PartitionOffsets } from "./book";

const p = (topic: string, partition: number, start: number, end: number): PartitionOffsets => ({
  topic,
  partition,
  start,
  end,
});

describe("OffsetBook", () => {
  it("has retained records and end offsets from one sample, and no rate until a second", () => {
    const book = new OffsetBook();
    book.record(1_000, [p("orders", 0, 10, 110), p("orders", 1, 0, 40)]);
    const t = book.topic("orders")!;
    expect(t.retainedRecords).toBe(140);
    expect(t.endOffset).toBe(150);
    expect(t.recordsPerSec).toBeNull();
    expect(t.partitions.map((x) => x.retainedRecords)).toEqual([100, 40]);
  });

  it("takes records/s from end-offset deltas over the time between samples", () => {
    const book = new OffsetBook();
    book.record(0, [p("orders", 0, 0, 100), p("orders", 1, 0, 0)]);
    book.record(2_000, [p("orders", 0, 0, 300), p("orders", 1, 0, 50)]);
    const t = book.topic("orders")!;
    expect(t.partitions.map((x) => x.recordsPerSec)).toEqual([100, 25]);
    expect(t.recordsPerSec).toBe(125);
  });

  it("averages over the last RING samples only", () => {
    const book = new OffsetBook();
    // 1,000 records/s for a while, then nothing: once the ring holds only idle samples the rate is 0.
    let end = 0;
    let at = 0;
    for (let i = 0; i < 5; i++, at += 1_000, end += 1_000) book.record(at, [p("t", 0, 0, end)]);
    expect(book.topic("t")!.recordsPerSec).toBe(1_000);
    for (let i = 0; i < RING; i++, at += 1_000) book.record(at, [p("t", 0, 0, end)]);
    expect(book.topic("t")!.recordsPerSec).toBe(0);
  });

  it("counts deletions by retention in retained records but not in the rate", () => {
    const book = new OffsetBook();
    book.record(0, [p("t", 0, 0, 1_000)]);
    book.record(1_000, [p("t", 0, 800, 1_010)]);
    expect(book.topic("t")).toMatchObject({ retainedRecords: 210, recordsPerSec: 10 });
  });

  it("starts a partition's rate again when its end offset goes back (topic deleted and made again)", () => {
    const book = new OffsetBook();
    book.record(0, [p("t", 0, 0, 5_000)]);
    book.record(1_000, [p("t", 0, 0, 3)]);
    expect(book.topic("t")!.recordsPerSec).toBeNull();
    book.record(2_000, [p("t", 0, 0, 13)]);
    expect(book.topic("t")!.recordsPerSec).toBe(10);
  });

  it("forgets topics and partitions missing from a sample; a topic's rate waits for its new partitions", () => {
    const book = new OffsetBook();
    book.record(0, [p("a", 0, 0, 1), p("b", 0, 0, 1), p("b", 1, 0, 1)]);
    book.record(1_000, [p("b", 0, 0, 2), p("b", 2, 0, 0)]);
    expect(book.topic("a")).toBeUndefined();
    expect(book.topicNames()).toEqual(["b"]);
    expect(book.topic("b")!.partitions.map((x) => x.partition)).toEqual([0, 2]);
    expect(book.topic("b")!.recordsPerSec).toBeNull();
    expect(book.partitionCount).toBe(2);
  });
});

describe("OffsetBook sample deltas", () => {
  const growth = (d: ReturnType<OffsetBook["record"]>) =>
    Object.fromEntries(d.topics.map((t) => [t.topic, t.partitions.map((x) => [x.partition, x.to - x.from, x.reset])]));

  it("counts nothing on a topic's first sample, then each partition's end-offset growth", () => {
    const book = new OffsetBook();
    const first = book.record(1_000, [p("orders", 0, 0, 5_000), p("orders", 1, 0, 7)]);
    expect(first.previousAt).toBeNull();
    expect(growth(first)).toEqual({
      orders: [
        [0, 0, false],
        [1, 0, false],
      ],
    });
    const next = book.record(3_000, [p("orders", 0, 10, 5_030), p("orders", 1, 0, 7)]);
    expect(next.previousAt).toBe(1_000);
    expect(growth(next)).toEqual({
      orders: [
        [0, 30, false],
        [1, 0, false],
      ],
    });
  });

  it("counts a partition added to a known topic from offset 0, and one of a new topic not at all", () => {
    const book = new OffsetBook();
    book.record(0, [p("orders", 0, 0, 100)]);
    const d = book.record(2_000, [p("orders", 0, 0, 110), p("orders", 1, 0, 25), p("fresh", 0, 0, 900)]);
    expect(growth(d)).toEqual({
      orders: [
        [0, 10, false],
        [1, 25, false],
      ],
      fresh: [[0, 0, false]],
    });
  });

  it("says reset, and counts nothing, when an end offset goes backwards (deleted and made again)", () => {
    const book = new OffsetBook();
    book.record(0, [p("orders", 0, 0, 100)]);
    const d = book.record(2_000, [p("orders", 0, 0, 40)]);
    expect(growth(d)).toEqual({ orders: [[0, 0, true]] });
    // From the new log on, growth as usual.
    expect(growth(book.record(4_000, [p("orders", 0, 0, 55)]))).toEqual({ orders: [[0, 15, false]] });
  });

  it("counts a partition again from scratch after its topic left a sample", () => {
    const book = new OffsetBook();
    book.record(0, [p("orders", 0, 0, 100)]);
    book.record(2_000, []);
    expect(growth(book.record(4_000, [p("orders", 0, 0, 300)]))).toEqual({ orders: [[0, 0, false]] });
  });
});
