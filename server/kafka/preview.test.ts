import { describe, expect, it } from "vitest";
import { preview } from "./preview";

describe("preview", () => {
  it("marks null as a tombstone", () => {
    expect(preview(null)).toEqual({ encoding: "null", text: "", bytes: 0, truncated: false });
  });

  it("marks valid JSON objects and arrays as json and sends them as written (browsers pretty-print)", () => {
    const p = preview(Buffer.from('{"a":1,"b":[true]}'));
    expect(p.encoding).toBe("json");
    expect(p.text).toBe('{"a":1,"b":[true]}');
    expect(p.bytes).toBe(18);
    expect(preview(Buffer.from(" \n[1, 2]")).encoding).toBe("json");
  });

  it("keeps plain and almost-JSON UTF-8 as text", () => {
    expect(preview(Buffer.from("héllo wörld")).encoding).toBe("text");
    expect(preview(Buffer.from('{"broken":')).encoding).toBe("text");
    expect(preview(Buffer.from("42")).encoding).toBe("text");
  });

  it("shows invalid UTF-8 and control bytes as hex", () => {
    expect(preview(Buffer.from([0xc3, 0x28]))).toEqual({ encoding: "hex", text: "c3 28", bytes: 2, truncated: false });
    expect(preview(Buffer.from([0x00, 0x01, 0x41])).encoding).toBe("hex");
  });

  it("caps hex output and flags truncation", () => {
    const p = preview(Buffer.alloc(5000, 0xff), { maxText: 100, maxHexBytes: 4, maxJsonParseBytes: 100 });
    expect(p).toEqual({ encoding: "hex", text: "ff ff ff ff", bytes: 5000, truncated: true });
  });

  it("truncates long text without parsing huge values", () => {
    const big = Buffer.from(JSON.stringify({ data: "x".repeat(10 * 1024 * 1024) }));
    const p = preview(big);
    expect(p.encoding).toBe("text");
    expect(p.truncated).toBe(true);
    expect(p.bytes).toBe(big.length);
    expect(p.text.length).toBeLessThanOrEqual(32 * 1024);
  });

  it("does not mistake a multi-byte character split at the cut for binary", () => {
    const buf = Buffer.from("é".repeat(100)); // 200 bytes
    const p = preview(buf, { maxText: 1000, maxHexBytes: 10, maxJsonParseBytes: 51 });
    expect(p.encoding).toBe("text");
    expect(p.text).toBe("é".repeat(25));
    expect(p.truncated).toBe(true);
  });

  it("accepts strings (kafkajs header values can be strings)", () => {
    expect(preview("abc")).toMatchObject({ encoding: "text", text: "abc", bytes: 3 });
  });
});

describe("hostile JSON", () => {
  it("shows JSON nested deeper than the limit as text, quickly", async () => {
    const { preview, nestsDeeperThan, MAX_JSON_DEPTH } = await import("./preview");
    const deep = "[".repeat(20_000) + "]".repeat(20_000);
    const p = preview(Buffer.from(deep));
    expect(p.encoding).toBe("text");
    expect(nestsDeeperThan("[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan('{"a":"[[[[[[[[[[\\"[[[["}', 3)).toBe(false); // brackets inside strings do not count
    expect(preview(Buffer.from('{"a":{"b":[1,2]}}')).encoding).toBe("json");
  });
});
