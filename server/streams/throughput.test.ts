import { describe, expect, it } from "vitest";
import type { WireRecord } from "../contract";
import { SPARK_SECONDS } from "../contract";
import { Throughput } from "./throughput";

const rec = (topic: string, size: number) => ({ topic, size }) as WireRecord;
const isDlt = (t: string) => t.endsWith(".DLT");

describe("Throughput", () => {
  it("reports rates, sparklines and totals per topic and for the cluster", () => {
    const tp = new Throughput();
    tp.seed([{ topic: "orders", records: 100n, bytes: 1000n }]);
    for (let s = 0; s < 5; s++) tp.add([rec("orders", 10), rec("orders", 10), rec("orders.DLT", 50)], s * 1000 + 10);
    const o = tp.overview(
      5000,
      [
        { topic: "orders", partitions: 3 },
        { topic: "orders.DLT", partitions: 1 },
        { topic: "idle", partitions: 2 },
      ],
      isDlt,
    );

    const [orders, dlt, idle] = o.topics;
    expect(orders).toMatchObject({
      topic: "orders",
      partitions: 3,
      deadLetter: false,
      recordsPerSec: 2,
      bytesPerSec: 20,
      totalRecords: 110,
      totalBytes: 1100,
    });
    expect(dlt).toMatchObject({ deadLetter: true, recordsPerSec: 1, totalRecords: 5 });
    expect(idle).toMatchObject({ recordsPerSec: 0, totalRecords: 0, partitions: 2 });
    expect(orders!.spark).toHaveLength(SPARK_SECONDS);
    expect(orders!.spark.slice(-5)).toEqual([2, 2, 2, 2, 2]);
    expect(o.cluster).toMatchObject({ recordsPerSec: 3, bytesPerSec: 70, totalRecords: 115, topicCount: 3 });
  });

  it("spreads records counted from offsets over the seconds between samples, totals exact", () => {
    const tp = new Throughput();
    // 300 records written between t=10.5 s and t=13.5 s: 50 in 10 s, 100 in 11 s and 12 s, 50 in 13 s.
    tp.addCount("quiet", 300, 10_500, 13_500);
    expect(tp.recent("quiet", -1, 14_000, 4).map((p) => p.records)).toEqual([50, 100, 100, 50]);
    expect(tp.recent("", -1, 14_000, 4).map((p) => p.records)).toEqual([50, 100, 100, 50]);
    const row = tp.stats(14_000, [{ topic: "quiet", partitions: 1 }], isDlt).rows[0]!;
    expect(row.totalRecords).toBe(300);
    expect(row.totalBytes).toBe(0);
    // No partition series for a topic counted from offsets (its partitions' numbers are the offset book's).
    expect(tp.recent("quiet", 0, 14_000, 4).every((p) => p.records === 0)).toBe(true);
  });
});
