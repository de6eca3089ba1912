import { describe, expect, it } from "vitest";
import { plainDecoding } from "../kafka/decoding";
import { ingestBatch } from "../kafka/ingested";
import type { RawMessage } from "../kafka/to-wire";
import { classifyValue, MAX_NAME, MAX_TYPES, ProfileBuilder, suggestTraceTopics } from "./profile";

const rules = {
  eventType: ["headers.event-type", "headers.ce_type", "headers.eventType", "value.type", "value.eventType"],
  correlation: ["headers.saga-id", "headers.correlation-id", "headers.correlationId", "headers.ce_subject"],
};
let offset = 0;
const msg = (
  value: Buffer | string | null,
  opts: { key?: string | null; headers?: RawMessage["headers"] } = {},
): RawMessage => ({
  key: opts.key === undefined || opts.key === null ? null : Buffer.from(opts.key),
  value: typeof value === "string" ? Buffer.from(value) : value,
  offset: String(offset++),
  timestamp: "1700000000000",
  headers: opts.headers ?? {},
});
const profileOf = (messages: RawMessage[], partition = 0) => {
  const b = new ProfileBuilder("t", rules);
  for (const r of ingestBatch("t", partition, messages, plainDecoding()).records) b.add(r);
  return b.finish(1234, 3, false);
};
const framed = (id: number, payload: Buffer) => {
  const head = Buffer.alloc(5);
  head.writeInt32BE(id, 1);
  return Buffer.concat([head, payload]);
};

describe("classifyValue", () => {
  it("tells JSON, text, binary, Schema Registry framing, tombstones and empty values apart", () => {
    expect(classifyValue(Buffer.from('{"a":1}'))).toEqual({ format: "json" });
    expect(classifyValue(Buffer.from("[1,2]"))).toEqual({ format: "json" });
    expect(classifyValue(Buffer.from("order 17 shipped"))).toEqual({ format: "text" });
    expect(classifyValue(Buffer.from("{not json"))).toEqual({ format: "text" });
    expect(classifyValue(Buffer.from([0xff, 0xfe, 0x01, 0x02, 0x9c]))).toEqual({ format: "binary" });
    expect(classifyValue(framed(42, Buffer.from([2, 4, 6])))).toEqual({ format: "schema-registry", schemaId: 42 });
    // Magic byte 0 with a non-positive id is not framing: some other binary value.
    expect(classifyValue(framed(0, Buffer.from([2, 4, 6])))).toEqual({ format: "binary" });
    expect(classifyValue(null)).toEqual({ format: "tombstone" });
    expect(classifyValue(Buffer.alloc(0))).toEqual({ format: "empty" });
  });

  it("looks at a bounded prefix of a 10 MB value: JSON by its start, binary garbage as binary", () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 0x61);
    big.write('{"type":"Huge","pad":"', 0);
    const t0 = performance.now();
    expect(classifyValue(big)).toEqual({ format: "json" });
    const garbage = Buffer.alloc(10 * 1024 * 1024, 0x61);
    garbage[100] = 0x01;
    expect(classifyValue(garbage)).toEqual({ format: "binary" });
    // Far from what decoding 20 MB would take; the bound is what is looked at, not a timing.
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe("ProfileBuilder", () => {
  it("gives exact shares of keys, formats, headers, event types and trace headers", () => {
    const p = profileOf([
      msg('{"type":"OrderPlaced","id":1}', { key: "o1", headers: { traceparent: "00-x", "content-type": "json" } }),
      msg('{"type":"OrderPlaced","id":2}', { key: "o2", headers: { "saga-id": "s1" } }),
      msg('{"eventType":"OrderPaid"}', { headers: { "content-type": "json" } }),
      msg("plain text"),
      msg(null, { key: "o1" }),
      msg(framed(7, Buffer.from([1, 2, 3])), { headers: { "event-type": "Shipped" } }),
      msg(Buffer.from([0xff, 0x00, 0x13]), { headers: { b3: "abc-def-1" } }),
      msg('{"@type":"type.googleapis.com/Refund"}'),
    ]);
    expect(p).toMatchObject({ topic: "t", sampledAt: 1234, records: 8, partitions: 3, partitionsSampled: 1 });
    expect(p.keyShare).toBe(3 / 8);
    expect(p.format).toBe("json");
    expect(p.formats).toEqual([
      { format: "json", share: 4 / 8 },
      { format: "binary", share: 1 / 8 },
      { format: "schema-registry", share: 1 / 8 },
      { format: "text", share: 1 / 8 },
      { format: "tombstone", share: 1 / 8 },
    ]);
    expect(p.schemaIds).toEqual([{ id: 7, share: 1 / 8 }]);
    expect(p.headers).toEqual([
      { name: "content-type", share: 2 / 8 },
      { name: "b3", share: 1 / 8 },
      { name: "event-type", share: 1 / 8 },
      { name: "saga-id", share: 1 / 8 },
      { name: "traceparent", share: 1 / 8 },
    ]);
    expect(p.eventTypes).toEqual([
      { type: "OrderPlaced", share: 2 / 8 },
      { type: "OrderPaid", share: 1 / 8 },
      { type: "Shipped", share: 1 / 8 },
      { type: "type.googleapis.com/Refund", share: 1 / 8 },
    ]);
    expect(p.eventTypeSource).toBe("value.type");
    expect(p.trace).toEqual({
      headers: [
        { name: "b3", share: 1 / 8 },
        { name: "saga-id", share: 1 / 8 },
        { name: "traceparent", share: 1 / 8 },
      ],
      share: 3 / 8,
    });
    // Seven non-null values: 29, 29, 25, 10, 8, 3, 38 bytes.
    expect(p.valueBytes).toEqual({ min: 3, median: 25, p95: 38, max: 38 });
  });

  it("bounds what it keeps: long header names and many event types are clipped and capped", () => {
    const long = "x-".padEnd(5000, "h");
    const p = profileOf(
      Array.from({ length: 300 }, (_, i) => msg(JSON.stringify({ type: `Type${i}` }), { headers: { [long]: "1" } })),
    );
    expect(p.headers).toHaveLength(1);
    expect(p.headers[0]!.name).toHaveLength(MAX_NAME + 1);
    expect(p.eventTypes).toHaveLength(MAX_TYPES);
    expect(p.eventTypesLimited).toBe(true);
    // Distinct types are counted up to 200, whatever the sample holds.
    expect(p.eventTypesSeen).toBe(200);
    expect(JSON.stringify(p).length).toBeLessThan(8 * 1024);
  });

  it("reads no type field from a value above the JSON bound but still counts its size", () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 0x20);
    big.write('{"type":"Huge"}', 0);
    const p = profileOf([msg(big), msg('{"type":"Small"}')]);
    expect(p.eventTypes).toEqual([{ type: "Small", share: 1 / 2 }]);
    expect(p.formats).toEqual([{ format: "json", share: 1 }]);
    expect(p.valueBytes?.max).toBe(10 * 1024 * 1024);
  });

  it("profiles an empty sample as nothing known", () => {
    const p = profileOf([]);
    expect(p).toMatchObject({ records: 0, keyShare: 0, format: null, valueBytes: null, eventTypes: [] });
    expect(p.trace).toEqual({ headers: [], share: 0 });
  });
});

describe("suggestTraceTopics", () => {
  it("names the topics whose profile carries trace or correlation headers", () => {
    const a = profileOf([msg("{}", { headers: { traceparent: "00-x" } })]);
    const b = profileOf([msg("{}")]);
    const c = profileOf([msg("{}", { headers: { "correlation-id": "c1" } })]);
    expect(
      suggestTraceTopics([
        { ...a, topic: "a" },
        { ...b, topic: "b" },
        { ...c, topic: "c" },
      ]),
    ).toEqual(["a", "c"]);
  });
});
