import { describe, expect, it } from "vitest";
import { describeReads, LIVE_INGEST } from "./reads";

const take = () => undefined;
const caps = [
  { name: "topics" },
  { name: "sagas", reads: { select: (t: string) => t === "orders", take, why: () => "saga definition checkout" } },
  { name: "dlq", reads: { select: (t: string) => t.endsWith(".DLT"), take, why: () => "dead-letter pattern" } },
  { name: "plain", reads: { select: (t: string) => t === "orders", take } },
];
const rates: Record<string, { recordsPerSec: number; bytesPerSec: number }> = {
  orders: { recordsPerSec: 10, bytesPerSec: 1000 },
  "orders.DLT": { recordsPerSec: 0.5, bytesPerSec: 40 },
};
const rate = (t: string) => rates[t] ?? { recordsPerSec: 0, bytesPerSec: 0 };

describe("describeReads", () => {
  it("sums the rates of the read topics", () => {
    expect(describeReads(["orders", "orders.DLT", "audit"], caps, rate, false)).toEqual({
      topics: 3,
      recordsPerSec: 10.5,
      bytesPerSec: 1040,
    });
  });

  it("names every capability that wants a topic and why, with live ingest on all of them", () => {
    const { byTopic } = describeReads(["orders", "orders.DLT", "audit"], caps, rate, true);
    expect(byTopic).toEqual([
      {
        topic: "orders",
        wantedBy: [
          { capability: "sagas", why: "saga definition checkout" },
          { capability: "plain", why: "reads its records" },
          LIVE_INGEST,
        ],
      },
      { topic: "orders.DLT", wantedBy: [{ capability: "dlq", why: "dead-letter pattern" }, LIVE_INGEST] },
      { topic: "audit", wantedBy: [LIVE_INGEST] },
    ]);
  });
});
