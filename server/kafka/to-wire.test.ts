import { describe, expect, it } from "vitest";
import { plainDecoding } from "./decoding";
import { toWireRecord } from "./to-wire";

describe("toWireRecord", () => {
  it("keeps coordinates, key, repeated headers and value", () => {
    const r = toWireRecord(
      "orders",
      2,
      {
        key: Buffer.from("o-1"),
        value: Buffer.from('{"amount":5}'),
        offset: "42",
        timestamp: "1700000000123",
        headers: {
          "saga-id": Buffer.from("o-1"),
          retry: [Buffer.from("1"), "2"],
          bin: Buffer.from([0, 0, 0, 3]),
          none: undefined,
        },
      },
      plainDecoding(),
    );
    expect(r.id).toBe("orders/2/42");
    expect(r.offset).toBe("42");
    expect(r.timestamp).toBe(1700000000123);
    expect(r.key).toMatchObject({ encoding: "text", text: "o-1" });
    expect(r.headers.map((h) => [h.name, h.value.encoding, h.value.text])).toEqual([
      ["saga-id", "text", "o-1"],
      ["retry", "text", "1"],
      ["retry", "text", "2"],
      ["bin", "hex", "00 00 00 03"],
      ["none", "null", ""],
    ]);
    expect(r.value.encoding).toBe("json");
    expect(r.size).toBe(3 + 12 + (7 + 3) + (5 + 1) + (5 + 1) + (3 + 4) + 4);
  });

  it("handles null key and value (tombstone)", () => {
    const r = toWireRecord("t", 0, { key: null, value: null, offset: "0", timestamp: "x" }, plainDecoding());
    expect(r.key.encoding).toBe("null");
    expect(r.value.encoding).toBe("null");
    expect(r.timestamp).toBe(0);
    expect(r.size).toBe(0);
  });
});
