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
});
