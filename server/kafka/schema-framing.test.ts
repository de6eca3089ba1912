import { describe, expect, it } from "vitest";
import { parseFraming, splitProtobufIndexes, toJsonText } from "./schema-framing";

const framed = (id: number, payload: number[]) => {
  const b = Buffer.alloc(5 + payload.length);
  b.writeInt32BE(id, 1);
  Buffer.from(payload).copy(b, 5);
  return b;
};

describe("Confluent framing", () => {
  it("reads the schema id and payload after the magic byte", () => {
    const f = parseFraming(framed(42, [1, 2, 3]));
    expect(f?.id).toBe(42);
    expect([...f!.payload]).toEqual([1, 2, 3]);
    expect(parseFraming(framed(70000, []))?.id).toBe(70000);
  });

  it("is not read from JSON, text, short values, other magic bytes or non-positive ids", () => {
    expect(parseFraming(Buffer.from('{"a":1}'))).toBeNull();
    expect(parseFraming(Buffer.from([0, 0, 0, 1]))).toBeNull();
    expect(parseFraming(Buffer.from([1, 0, 0, 0, 1, 9]))).toBeNull();
    expect(parseFraming(framed(0, [9]))).toBeNull();
    expect(parseFraming(Buffer.from([0, 0xff, 0xff, 0xff, 0xff]))).toBeNull();
    expect(parseFraming(null)).toBeNull();
  });
});

describe("Protobuf message-index path", () => {
  it("reads Confluent's single 0x00 as the first message", () => {
    const r = splitProtobufIndexes(Buffer.from([0x00, 0x0a, 0x01, 0x41]));
    expect(r.indexes).toEqual([0]);
    expect([...r.message]).toEqual([0x0a, 0x01, 0x41]);
  });

  it("reads zigzag-varint paths: second message, and a nested one", () => {
    expect(splitProtobufIndexes(Buffer.from([0x02, 0x02, 0x0a])).indexes).toEqual([1]);
    const nested = splitProtobufIndexes(Buffer.from([0x04, 0x04, 0x02, 0x08, 0x01]));
    expect(nested.indexes).toEqual([2, 1]);
    expect([...nested.message]).toEqual([0x08, 0x01]);
  });

  it("takes a payload without a path (as @kafkajs/confluent-schema-registry writes it) as the first message", () => {
    const r = splitProtobufIndexes(Buffer.from([0x0a, 0x02, 0x68, 0x69]));
    expect(r.indexes).toEqual([0]);
    expect(r.message.length).toBe(4);
  });

  it("rejects a cut path", () => {
    expect(() => splitProtobufIndexes(Buffer.from([0x04, 0x02]))).toThrow(/message-index/);
  });
});

describe("JSON of decoded records", () => {
  it("writes bigints as decimal strings and bytes as hex", () => {
    expect(toJsonText({ n: 2n ** 64n, b: Buffer.from([0xde, 0xad]), u: new Uint8Array([1]), s: "x" })).toBe(
      '{"n":"18446744073709551616","b":"dead","u":"01","s":"x"}',
    );
  });
});
