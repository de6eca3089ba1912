import { describe, expect, it, vi } from "vitest";
import { ingestBatch } from "../kafka/ingested";
import { plainDecoding } from "../kafka/decoding";
import { TraceIndex, traceView } from "./trace-index";

const rec = (
  topic: string,
  offset: number,
  ts: number,
  headers: Record<string, string | Buffer>,
  key: string | Buffer = "k",
) =>
  ingestBatch(
    topic,
    0,
    [
      {
        key: typeof key === "string" ? Buffer.from(key) : key,
        value: Buffer.from('{"x":1}'),
        offset: String(offset),
        timestamp: String(ts),
        headers,
      },
    ],
    plainDecoding(),
  ).records[0]!;
const tp = (trace: string) => `00-${trace}-00f067aa0ba902b7-01`;
const T = "4bf92f3577b34da6a3ce929d0e0e4736";

describe("TraceIndex", () => {
  it("finds every record carrying a W3C trace id, a CloudEvents id, a saga id or any header value, oldest first", () => {
    const idx = new TraceIndex(100, 60_000);
    idx.add(
      [
        rec("payments", 0, 200, { traceparent: tp(T), "saga-id": "o-1" }),
        rec("orders", 0, 100, { traceparent: tp(T), "saga-id": "o-1", ce_id: "ev-9" }),
        rec("orders", 1, 150, { "saga-id": "o-2" }),
      ],
      0,
    );
    expect(idx.find(T, 0).map((h) => [h.id, h.matchedBy])).toEqual([
      ["orders/0/0", "traceparent"],
      ["payments/0/0", "traceparent"],
    ]);
    expect(idx.find("o-1", 0).map((h) => h.topic)).toEqual(["orders", "payments"]);
    expect(idx.find("ev-9", 0)).toHaveLength(1);
    expect(idx.find("nope", 0)).toEqual([]);
    const v = traceView("o-1", idx.find("o-1", 0));
    expect(v).toMatchObject({
      topics: ["orders", "payments"],
      spanMs: 100,
      gaps: [{ from: "orders/0/0", to: "payments/0/0", ms: 100 }],
    });
  });

  it("is bounded by count and age", () => {
    const idx = new TraceIndex(3, 1000);
    for (let i = 0; i < 5; i++) idx.add([rec("t", i, i, { "saga-id": "s" })], 0);
    expect(idx.size).toBe(3);
    expect(idx.find("s", 0).map((h) => h.offset)).toEqual(["2", "3", "4"]);
    expect(idx.find("s", 5000)).toEqual([]);
  });

  it("matches ids as the browser reads them: short text headers and text keys, not hex, JSON keys or long values; headers before the key", () => {
    const idx = new TraceIndex(100, 60_000);
    const long = "x".repeat(201);
    idx.add(
      [
        rec("t", 0, 1, { "saga-id": "o-1" }, "o-1"),
        rec("t", 1, 2, {}, "o-1"),
        rec("t", 2, 3, { bin: Buffer.from([1, 2, 3]) }, '{"a":1}'),
        rec("t", 3, 4, { long }),
        rec("t", 4, 5, { retry: Buffer.from("r-2") }),
      ],
      0,
    );
    expect(idx.find("o-1", 0).map((h) => [h.offset, h.matchedBy])).toEqual([
      ["0", "saga-id"],
      ["1", "key"],
    ]);
    expect(idx.find("\u0001\u0002\u0003", 0)).toEqual([]);
    expect(idx.find('{"a":1}', 0)).toEqual([]);
    expect(idx.find(long, 0)).toEqual([]);
    expect(idx.find("", 0)).toEqual([]);
    const [hop] = idx.find("r-2", 0);
    expect(hop).toMatchObject({
      id: "t/0/4",
      key: "k",
      headers: [{ name: "retry", value: "r-2" }],
      value: '{"x":1}',
      matchedBy: "retry",
    });
  });

  it("keeps the hop small: long headers and values clipped, binary headers left out", () => {
    const idx = new TraceIndex(10, 60_000);
    const r = ingestBatch(
      "t",
      0,
      [
        {
          key: Buffer.from("k"),
          value: Buffer.from("v".repeat(600)),
          offset: "0",
          timestamp: "1",
          headers: { id: "i-1", note: "n".repeat(300), bin: Buffer.from([0, 1]) },
        },
      ],
      plainDecoding(),
    ).records[0]!;
    idx.add([r], 0);
    const [hop] = idx.find("i-1", 0);
    expect(hop!.value).toBe(`${"v".repeat(500)}…`);
    expect(hop!.headers).toEqual([
      { name: "id", value: "i-1" },
      { name: "note", value: `${"n".repeat(200)}…` },
    ]);
    expect(hop!.size).toBe(r.size);
  });

  it("forgets its oldest records beyond its byte bound", () => {
    const idx = new TraceIndex(100, 60_000, 3 * rec("t", 0, 0, { "saga-id": "s" }).size);
    for (let i = 0; i < 5; i++) idx.add([rec("t", i, i, { "saga-id": "s" })], 0);
    expect(idx.size).toBe(3);
    expect(idx.find("s", 0).map((h) => h.offset)).toEqual(["2", "3", "4"]);
  });

  it("decodes nothing when records are added, and only the found records when looked up", () => {
    const idx = new TraceIndex(100, 60_000);
    const hit = rec("t", 0, 1, { "saga-id": "o-1" });
    const miss = rec("t", 1, 2, { "saga-id": "o-2" });
    const spies = [hit, miss].flatMap((r) => [vi.spyOn(r, "transientWire"), vi.spyOn(r, "wire"), vi.spyOn(r, "key")]);
    idx.add([hit, miss], 0);
    for (const s of spies) expect(s).not.toHaveBeenCalled();
    expect(idx.find("o-1", 0)).toHaveLength(1);
    expect(spies[0]).toHaveBeenCalledTimes(1);
    for (const s of spies.slice(3)) expect(s).not.toHaveBeenCalled();
  });
});
