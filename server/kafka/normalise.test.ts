import { describe, expect, it } from "vitest";
import { headerList, normalise, timestampOf } from "./normalise";

describe("normalise", () => {
  it("turns a kafkajs message into the domain record: repeated headers in order, strings as bytes, absent values null", () => {
    const key = Buffer.from("o-1");
    const value = Buffer.from("{}");
    const r = normalise("orders", 2, {
      key,
      value,
      offset: "7",
      timestamp: "1700000000123",
      headers: { "saga-id": Buffer.from("o-1"), retry: [Buffer.from("1"), "2"], none: undefined },
    });
    expect(r).toEqual({
      topic: "orders",
      partition: 2,
      offset: "7",
      timestamp: 1700000000123,
      key,
      value,
      headers: [
        { name: "saga-id", value: Buffer.from("o-1") },
        { name: "retry", value: Buffer.from("1") },
        { name: "retry", value: Buffer.from("2") },
        { name: "none", value: null },
      ],
    });
    // Key and value are kafkajs' buffers, not copies.
    expect(r.key).toBe(key);
    expect(r.value).toBe(value);
  });

  it("has no headers when kafkajs gives none, and 0 for a timestamp that is not a number", () => {
    expect(headerList(undefined)).toEqual([]);
    expect(normalise("t", 0, { key: null, value: null, offset: "0", timestamp: "x" })).toMatchObject({
      timestamp: 0,
      key: null,
      value: null,
      headers: [],
    });
    expect(timestampOf("-1")).toBe(-1);
  });
});
