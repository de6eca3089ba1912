import { describe, expect, it } from "vitest";
import { MASK, Masker } from "../security/masking";
import { plainDecoding } from "./decoding";
import { ingestBatch } from "./ingested";
import { toWireRecord, type RawMessage } from "./to-wire";

const raw = (offset: number, ts: string, value: string | null, headers: RawMessage["headers"] = {}): RawMessage => ({
  key: Buffer.from(`k-${offset}`),
  value: value === null ? null : Buffer.from(value),
  offset: String(offset),
  timestamp: ts,
  headers,
});

describe("ingestBatch", () => {
  const plain = plainDecoding();

  it("counts sizes and the newest timestamp as toWireRecord reports them, without building previews", () => {
    const messages = [
      raw(7, "1700000000300", '{"amount":5}', {
        "saga-id": Buffer.from("o-1"),
        retry: [Buffer.from("1"), "22"],
        bin: Buffer.from([0, 1]),
        none: undefined,
      }),
      raw(8, "1700000000100", null, { ünï: "é" }),
      raw(9, "x", "plain"),
    ];
    const b = ingestBatch("orders", 2, messages, plain);
    expect(b.records.map((r) => r.size)).toEqual(messages.map((m) => toWireRecord("orders", 2, m, plain).size));
    expect(b.bytes).toBe(b.records.reduce((s, r) => s + r.size, 0));
    expect(b.lastTimestamp).toBe(1700000000300);
    expect(b.records.map((r) => [r.id, r.offset, r.timestamp])).toEqual([
      ["orders/2/7", "7", 1700000000300],
      ["orders/2/8", "8", 1700000000100],
      ["orders/2/9", "9", 0],
    ]);
  });

  it("builds the browser's record once, equal to toWireRecord", () => {
    const m = raw(1, "5", '{"a":[1,2]}', { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" });
    const [r] = ingestBatch("t", 0, [m], plain).records;
    expect(r!.transientWire()).toEqual(toWireRecord("t", 0, m, plain));
    expect(r!.transientWire()).not.toBe(r!.transientWire());
    expect(r!.wire()).toEqual(toWireRecord("t", 0, m, plain));
    expect(r!.wire()).toBe(r!.wire());
    expect(r!.transientWire()).toBe(r!.wire());
    expect(r!.key()).toBe(r!.wire().key);
    expect(r!.value()).toBe(r!.wire().value);
  });

  it("masks once, before anything reads or counts the record", () => {
    const masked = {
      masking: new Masker([{ topics: "pay*", fields: ["key", "headers.card"], patterns: [] }]),
      schemas: null,
    };
    const [r] = ingestBatch("payments", 0, [raw(1, "5", "v", { card: "4111", other: "x" })], masked).records;
    expect(r!.message.key!.toString()).toBe(MASK);
    expect(r!.lastHeader("card")).toBe(MASK);
    expect(r!.wire().headers.map((h) => h.value.text)).toEqual([MASK, "x"]);
    expect(r!.size).toBe(Buffer.byteLength(MASK) * 2 + 1 + "card".length + "other".length + 1);
    const [plain] = ingestBatch("orders", 0, [raw(1, "5", "v", { card: "4111" })], masked).records;
    expect(plain!.lastHeader("card")).toBe("4111");
  });

  it("reads record paths from the record as browsers may see it (masked), built once", () => {
    const masked = {
      masking: new Masker([{ topics: "pay*", fields: ["headers.card", "value.pan"], patterns: [] }]),
      schemas: null,
    };
    const [r] = ingestBatch(
      "payments",
      0,
      [raw(1, "5", '{"pan":"4111","id":"p-1"}', { card: "4111", retry: ["1", "2"] })],
      masked,
    ).records;
    const v = r!.view();
    expect(r!.view()).toBe(v);
    expect(v.header("card")).toBe(MASK);
    expect(v.header("retry")).toBe("2");
    expect(v.header("absent")).toBeNull();
    expect(v.key()).toBe("k-1");
    expect(v.json()).toEqual({ pan: MASK, id: "p-1" });
  });
});

describe("IngestedRecord with the Schema Registry decoder", () => {
  it("builds framed live records through the decoder (then masking), and leaves plain ones on the lazy path", async () => {
    const { SchemaDecoder } = await import("./schema-registry");
    const payload = Buffer.from('{"amount":7}');
    const value = Buffer.alloc(5 + payload.length);
    value.writeInt32BE(3, 1);
    payload.copy(value, 5);
    const d = new SchemaDecoder(async () => ({ format: "JSON" as const, decode: (p: Buffer) => p.toString() }));
    {
      await d.prefetch([{ key: null, value }]);
      const batch = ingestBatch(
        "sr-topic",
        0,
        [
          { key: null, value, offset: "0", timestamp: "1" },
          { key: null, value: Buffer.from('{"plain":true}'), offset: "1", timestamp: "2" },
        ],
        { masking: new Masker(), schemas: d },
      );
      const [framed, plain] = batch.records;
      expect(framed!.value()).toMatchObject({ encoding: "json", text: '{"amount":7}' });
      expect(framed!.wire().valueSchema).toEqual({ id: 3, format: "JSON" });
      expect(plain!.wire().valueSchema).toBeUndefined();
      expect(plain!.value().text).toContain('"plain"');
      // Record paths read the decoded JSON of a framed value, and the bytes of a plain one.
      expect(framed!.view().json()).toEqual({ amount: 7 });
      expect(plain!.view().json()).toEqual({ plain: true });
    }
  });
});
