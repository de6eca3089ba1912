import { describe, expect, it } from "vitest";
import { toWireRecord } from "../kafka/to-wire";
import { TraceIndex, traceView } from "./trace-index";

const rec = (topic: string, offset: number, ts: number, headers: Record<string, string>, key = "k") => toWireRecord(topic, 0, { key: Buffer.from(key), value: Buffer.from('{"x":1}'), offset: String(offset), timestamp: String(ts), headers });
const tp = (trace: string) => `00-${trace}-00f067aa0ba902b7-01`;
const T = "4bf92f3577b34da6a3ce929d0e0e4736";

describe("TraceIndex", () => {
  it("finds every record carrying a W3C trace id, a CloudEvents id, a saga id or any header value, oldest first", () => {
    const idx = new TraceIndex(100, 60_000);
    idx.add([rec("payments", 0, 200, { traceparent: tp(T), "saga-id": "o-1" }), rec("orders", 0, 100, { traceparent: tp(T), "saga-id": "o-1", ce_id: "ev-9" }), rec("orders", 1, 150, { "saga-id": "o-2" })], 0);
    expect(idx.find(T, 0).map((h) => [h.id, h.matchedBy])).toEqual([
      ["orders/0/0", "traceparent"],
      ["payments/0/0", "traceparent"],
    ]);
    expect(idx.find("o-1", 0).map((h) => h.topic)).toEqual(["orders", "payments"]);
    expect(idx.find("ev-9", 0)).toHaveLength(1);
    expect(idx.find("nope", 0)).toEqual([]);
    const v = traceView("o-1", idx.find("o-1", 0));
    expect(v).toMatchObject({ topics: ["orders", "payments"], spanMs: 100, gaps: [{ from: "orders/0/0", to: "payments/0/0", ms: 100 }] });
  });

  it("is bounded by count and age", () => {
    const idx = new TraceIndex(3, 1000);
    for (let i = 0; i < 5; i++) idx.add([rec("t", i, i, { "saga-id": "s" })], 0);
    expect(idx.size).toBe(3);
    expect(idx.find("s", 0).map((h) => h.offset)).toEqual(["2", "3", "4"]);
    expect(idx.find("s", 5000)).toEqual([]);
  });
});
