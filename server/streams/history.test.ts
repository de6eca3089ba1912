import { describe, expect, it } from "vitest";
import type { WireRecord } from "../contract";
import { ALL_PARTITIONS, BucketCounter, CLUSTER_SCOPE } from "./buckets";
import { Ranges, toSeries } from "./history";

describe("toSeries", () => {
  it("folds buckets into per-second rates over even steps, zeros where empty", () => {
    const rows = [
      { t: 100, records: 50, bytes: 500 },
      { t: 110, records: 30, bytes: 300 },
      { t: 140, records: 10, bytes: 100 },
      { t: 90, records: 999, bytes: 999 }, // before the range
    ];
    expect(toSeries(rows, 100, 160, 20)).toEqual([
      { t: 100, recordsPerSec: 4, bytesPerSec: 40 },
      { t: 120, recordsPerSec: 0, bytesPerSec: 0 },
      { t: 140, recordsPerSec: 0.5, bytesPerSec: 5 },
    ]);
  });

  it("never yields more than about a thousand points for any range", () => {
    for (const r of Object.values(Ranges)) expect(toSeries([], 0, r.seconds, r.step).length).toBeLessThanOrEqual(1000);
  });
});

describe("BucketCounter", () => {
  const rec = (topic: string, partition: number, size: number) => ({ topic, partition, size }) as WireRecord;

  it("counts per topic, per partition and for the cluster in 10 s buckets", () => {
    const c = new BucketCounter();
    c.add([rec("a", 0, 10), rec("a", 1, 5)], 123_456);
    c.add([rec("a", 1, 1)], 129_999);
    c.add([rec("a", 1, 1)], 130_000);
    const got = c.take().map((d) => [d.scope, d.partition, d.bucket, d.records, d.bytes]);
    expect(got).toEqual(
      expect.arrayContaining([
        ["a", ALL_PARTITIONS, 120, 3, 16],
        ["a", 0, 120, 1, 10],
        ["a", 1, 120, 2, 6],
        [CLUSTER_SCOPE, ALL_PARTITIONS, 120, 3, 16],
        ["a", 1, 130, 1, 1],
      ]),
    );
    expect(got).toHaveLength(7);
    expect(c.take()).toEqual([]);
  });

  it("restores a failed flush", () => {
    const c = new BucketCounter();
    c.add([rec("a", 0, 10)], 0);
    const taken = c.take();
    c.add([rec("a", 0, 10)], 0);
    c.restore(taken);
    expect(c.take().find((d) => d.scope === "a" && d.partition === 0)).toMatchObject({ records: 2, bytes: 20 });
  });
});
