import { describe, expect, it } from "vitest";
import type { ReadTopic } from "./readers";
import { describeReads } from "./reads";

const reader = { state: "reading" as const, since: 1, error: null };
const reading: ReadTopic[] = [
  { topic: "orders", kind: "kept", wantedBy: [{ capability: "sagas", why: "saga definition checkout" }], reader },
  { topic: "orders.DLT", kind: "kept", wantedBy: [{ capability: "dlq", why: "dead-letter pattern" }], reader },
  { topic: "audit", kind: "live", wantedBy: [{ capability: "realtime", why: "tailed by 1 tab" }], reader },
];
const rates: Record<string, { recordsPerSec: number; bytesPerSec: number }> = {
  orders: { recordsPerSec: 10, bytesPerSec: 1000 },
  "orders.DLT": { recordsPerSec: 0.5, bytesPerSec: 40 },
};
const rate = (t: string) => rates[t] ?? { recordsPerSec: 0, bytesPerSec: 0 };

describe("describeReads", () => {
  it("sums the rates of the read topics and says how many the cluster has", () => {
    expect(describeReads(reading, { inScope: 2000, tailAll: false }, rate, false)).toEqual({
      topics: 3,
      recordsPerSec: 10.5,
      bytesPerSec: 1040,
      inScope: 2000,
      tailAll: false,
    });
  });

  it("lists each read topic with who wants it and its reader, only in detail", () => {
    const { byTopic } = describeReads(reading, { inScope: 3, tailAll: true }, rate, true);
    expect(byTopic).toEqual(reading);
    expect(describeReads(reading, { inScope: 3, tailAll: true }, rate, false).byTopic).toBeUndefined();
  });
});
