import { describe, expect, it } from "vitest";
import { formatBytes, oneLine } from "./format";

describe("format", () => {
  it("collapses pretty JSON to one line and cuts long text", () => {
    expect(oneLine({ encoding: "json", text: '{\n  "a": 1\n}', bytes: 7, truncated: false })).toBe('{"a":1}');
    expect(oneLine({ encoding: "text", text: "a\n  b", bytes: 5, truncated: false })).toBe("a b");
    expect(oneLine({ encoding: "text", text: "x".repeat(10), bytes: 10, truncated: false }, 4)).toBe("xxxx…");
    expect(oneLine({ encoding: "null", text: "", bytes: 0, truncated: false })).toBe("null");
  });

  it("formats sizes", () => {
    expect(formatBytes(12)).toBe("12 B");
    expect(formatBytes(2048)).toBe("2.0 KB");
    expect(formatBytes(10 * 1024 * 1024)).toBe("10.0 MB");
  });
});
