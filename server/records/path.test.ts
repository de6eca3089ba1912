import { describe, expect, it } from "vitest";
import type { KafkaRecord } from "../kafka/normalise";
import { bytesView, lastHeader, MAX_JSON_BYTES, parseRecordPath, parseRecordPaths, readPath, readText } from "./path";

const record = (over: Partial<KafkaRecord> = {}): KafkaRecord => ({
  topic: "orders",
  partition: 3,
  offset: "42",
  timestamp: 1_764_000_000_000,
  key: Buffer.from("o-1"),
  value: Buffer.from(
    JSON.stringify({
      order: { id: "o-1", total: 12.5, paid: true, items: [{ sku: "a" }, { sku: "b" }] },
      type: "OrderCreated",
      empty: "",
    }),
  ),
  headers: [
    { name: "saga-id", value: Buffer.from("s-1") },
    { name: "retry", value: Buffer.from("1") },
    { name: "retry", value: Buffer.from("2") },
    { name: "gone", value: Buffer.from("x") },
    { name: "gone", value: null },
  ],
  ...over,
});
const read = (path: string, r: Parameters<typeof bytesView>[0] = record()) =>
  readPath(bytesView(r), parseRecordPath(path)!);

describe("parseRecordPath", () => {
  it("parses every root; a header name is everything after the first dot", () => {
    expect(parseRecordPath("headers.x.y-z")).toEqual({ root: "headers", parts: ["x.y-z"] });
    expect(parseRecordPath("value.order.items.0")).toEqual({ root: "value", parts: ["order", "items", "0"] });
    expect(parseRecordPath("value")).toEqual({ root: "value", parts: [] });
    for (const root of ["topic", "partition", "offset", "timestamp", "key"])
      expect(parseRecordPath(root)).toEqual({ root, parts: [] });
  });

  it("rejects what is not a path", () => {
    for (const p of [
      "",
      "headers.",
      "headers",
      "key.x",
      "topic.name",
      "order.id",
      "value..id",
      "value.",
      "constructor",
    ])
      expect(parseRecordPath(p)).toBeNull();
    expect(parseRecordPaths(["nope", "key"])).toEqual([{ root: "key", parts: [] }]);
  });
});

describe("readPath", () => {
  it("reads coordinates, key, headers and JSON fields", () => {
    expect(read("topic")).toBe("orders");
    expect(read("partition")).toBe(3);
    expect(read("offset")).toBe(42);
    expect(read("timestamp")).toBe(1_764_000_000_000);
    expect(read("key")).toBe("o-1");
    expect(read("headers.saga-id")).toBe("s-1");
    expect(read("value.order.id")).toBe("o-1");
    expect(read("value.order.total")).toBe(12.5);
    expect(read("value.order.items.1.sku")).toBe("b");
    expect(read("value.order.items")).toEqual([{ sku: "a" }, { sku: "b" }]);
    expect(read("value")).toBe(record().value!.toString());
  });

  it("matches header names exactly and reads a repeated header as its last occurrence", () => {
    expect(read("headers.Saga-Id")).toBeNull();
    expect(read("headers.retry")).toBe("2");
    // The last occurrence has no value: the header reads as missing, not as an earlier value.
    expect(read("headers.gone")).toBeNull();
    expect(lastHeader(record().headers, "gone")).toBeNull();
    expect(lastHeader(record().headers, "absent")).toBeUndefined();
  });

  it("gives null for what does not resolve", () => {
    expect(read("headers.absent")).toBeNull();
    expect(read("value.order.missing")).toBeNull();
    expect(read("value.order.items.5")).toBeNull();
    expect(read("value.type.deeper")).toBeNull();
    expect(read("key", record({ key: null }))).toBeNull();
    expect(read("value", record({ value: null }))).toBeNull();
    expect(read("value.order.id", record({ value: Buffer.from("not json") }))).toBeNull();
    // A record's content without coordinates (a dead letter's original) has no partition or offset.
    const content = { topic: "orders", key: null, value: null, headers: [] };
    expect(read("partition", content)).toBeNull();
    expect(read("offset", content)).toBeNull();
    expect(read("timestamp", content)).toBeNull();
  });

  it("reads own fields only, and arrays only by a decimal index", () => {
    expect(read("value.constructor")).toBeNull();
    expect(read("value.order.__proto__")).toBeNull();
    expect(read("value.order.items.length")).toBeNull();
    expect(read("value.order.items.01")).toBeNull();
  });

  it("reads binary bytes as hex, so different binary keys stay different", () => {
    expect(read("key", record({ key: Buffer.from([0x00, 0x0a, 0xff]) }))).toBe("00 0a ff");
    expect(read("key", record({ key: Buffer.from([0x80]) }))).not.toBe(
      read("key", record({ key: Buffer.from([0x81]) })),
    );
    expect(read("headers.bin", record({ headers: [{ name: "bin", value: Buffer.from([0, 0, 0, 3]) }] }))).toBe(
      "00 00 00 03",
    );
    expect(read("key", record({ key: Buffer.from("tab\tand ünïcode") }))).toBe("tab\tand ünïcode");
  });

  it("has no JSON fields in values above the size limit or nested too deeply", () => {
    const big = Buffer.from(JSON.stringify({ id: "x", pad: "p".repeat(MAX_JSON_BYTES) }));
    expect(read("value.id", record({ value: big }))).toBeNull();
    const justFits = Buffer.from(JSON.stringify({ id: "x", pad: "p".repeat(MAX_JSON_BYTES - 100) }));
    expect(read("value.id", record({ value: justFits }))).toBe("x");
    const deep = Buffer.from(`{"id":"x","d":${"[".repeat(300)}${"]".repeat(300)}}`);
    expect(read("value.id", record({ value: deep }))).toBeNull();
  });
});

describe("readText", () => {
  const text = (paths: string[], r = record()) => readText(bytesView(r), parseRecordPaths(paths));

  it("takes the first path giving a non-empty string, a number or a boolean", () => {
    expect(text(["headers.correlation-id", "headers.saga-id", "key"])).toBe("s-1");
    expect(text(["value.empty", "value.order", "value.order.total"])).toBe("12.5");
    expect(text(["value.order.paid"])).toBe("true");
    expect(text(["headers.absent", "value.missing"])).toBeUndefined();
    expect(text(["key"], record({ key: Buffer.alloc(0) }))).toBeUndefined();
  });

  it("parses the value once for all paths of a record", () => {
    const view = bytesView(record());
    const first = view.json();
    expect(readText(view, parseRecordPaths(["value.type"]))).toBe("OrderCreated");
    expect(view.json()).toBe(first);
  });
});
