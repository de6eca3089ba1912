import { describe, expect, it } from "vitest";
import { OffsetBook } from "../offsets/book";
import { CountLedger } from "./count-ledger";

/**
 * A topic of one partition written at offsets 0, 1, 2, …, a book of its
 * sampled end offsets, and what the ledger has counted so far — by offsets,
 * and of the records a reader hands over (contiguous offsets first..last).
 */
function harness(partitions = 1) {
  const book = new OffsetBook();
  const ledger = new CountLedger();
  let at = 0;
  let read = false;
  const counted = { offsets: 0, records: 0 };
  const sample = (...ends: number[]) => {
    at += 2_000;
    const d = book.record(
      at,
      ends.slice(0, partitions).map((end, partition) => ({ topic: "t", partition, start: 0, end })),
    );
    for (const c of ledger.sample(d, () => read)) counted.offsets += c.records;
  };
  const batch = (first: number, last: number, partition = 0) => {
    const c = ledger.batch(
      "t",
      partition,
      first,
      last,
      () => book.topic("t")?.partitions.find((p) => p.partition === partition)?.end,
    );
    counted.offsets += c.gap;
    counted.records +=
      last - Math.max(first, c.from ?? first) + 1 > 0 ? last - Math.max(first, c.from ?? first) + 1 : 0;
  };
  return {
    sample,
    batch,
    counted,
    setRead: (r: boolean) => (read = r),
    total: () => counted.offsets + counted.records,
  };
}

describe("CountLedger", () => {
  it("counts a topic not read from its end offsets' growth, nothing on the first sample", () => {
    const h = harness();
    h.sample(1_000);
    expect(h.total()).toBe(0);
    h.sample(1_250);
    h.sample(1_300);
    expect(h.counted).toEqual({ offsets: 300, records: 0 });
  });

  it("counts a topic read from its records only, replays included (as before offsets counted anything)", () => {
    const h = harness();
    h.setRead(true);
    h.sample(100);
    h.batch(0, 99);
    h.sample(150);
    h.batch(100, 149);
    h.batch(0, 49); // a reader starting over
    h.sample(150);
    expect(h.counted).toEqual({ offsets: 0, records: 200 });
  });

  it("read, then not read: counts from the reader's last offset, not from the last sample's end", () => {
    const h = harness();
    h.setRead(true);
    h.sample(0);
    h.sample(100);
    h.batch(0, 119); // the reader is past the sample's end, then stops
    h.setRead(false);
    h.sample(300);
    expect(h.counted).toEqual({ offsets: 180, records: 120 });
    h.sample(310);
    expect(h.total()).toBe(310);
  });

  it("read, then not read, with the reader ahead of the next sample: nothing twice", () => {
    const h = harness();
    h.setRead(true);
    h.sample(0);
    h.batch(0, 199);
    h.setRead(false);
    h.sample(150); // a sample older than what was read
    expect(h.total()).toBe(200);
    h.sample(260);
    expect(h.total()).toBe(260);
  });

  it("not read, then read: the gap up to the reader's first batch counts as offsets", () => {
    const h = harness();
    h.sample(0);
    h.sample(100);
    h.setRead(true);
    h.sample(180); // read now: the offsets stop counting at 100
    expect(h.total()).toBe(100);
    h.batch(200, 249); // the reader started at the then-latest offset, 200
    expect(h.counted).toEqual({ offsets: 200, records: 50 });
    h.batch(250, 259);
    expect(h.total()).toBe(260);
  });

  it("not read, then read before the next sample: the reader's first batch is counted from the last sample's end", () => {
    const h = harness();
    h.sample(0);
    h.sample(100);
    h.setRead(true);
    h.batch(90, 139);
    expect(h.counted).toEqual({ offsets: 100, records: 40 });
    h.sample(140);
    expect(h.total()).toBe(140);
  });

  it("not read, then read from further back: records the offsets counted are not counted again", () => {
    const h = harness();
    h.sample(0);
    h.sample(100);
    h.setRead(true);
    h.batch(0, 49); // all below 100: counted already
    h.batch(50, 119); // straddles: only 100..119
    h.batch(120, 129);
    expect(h.counted).toEqual({ offsets: 100, records: 30 });
    h.batch(0, 9); // once past the mark, a replay is a replay again, counted as read
    expect(h.counted.records).toBe(40);
  });

  it("back and forth every sample: the total is the end offset, exactly", () => {
    const h = harness();
    h.sample(0);
    let end = 0;
    let readUpTo = 0;
    for (let i = 0; i < 12; i++) {
      const reading = i % 3 !== 0;
      h.setRead(reading);
      end += 37;
      if (reading) {
        // The reader starts where the log is when it is asked to (the latest offset) and reads to the end.
        const from = Math.max(readUpTo, end - 37);
        h.batch(from, end - 1);
        readUpTo = end;
      }
      h.sample(end);
      if (!reading) readUpTo = end;
    }
    h.setRead(false);
    h.sample(end + 5);
    expect(h.total()).toBe(end + 5);
  });

  it("a topic deleted and made again (end offsets backwards) forgets the reader's position", () => {
    const h = harness();
    h.setRead(true);
    h.sample(0);
    h.batch(0, 999);
    h.setRead(false);
    h.sample(1_000);
    h.sample(30); // another log
    expect(h.total()).toBe(1_000);
    h.sample(80);
    expect(h.total()).toBe(1_050);
  });

  it("a partition added to a topic not read counts from offset 0", () => {
    const h = harness(2);
    h.sample(10, 0);
    const two = harness(2);
    two.sample(10);
    two.sample(10, 40);
    expect(two.total()).toBe(40);
    expect(h.total()).toBe(0);
  });
});
