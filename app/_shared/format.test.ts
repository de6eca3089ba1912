import { describe, expect, it } from "vitest";
import { detailText, formatBytes, oneLine, schemaLabel } from "./format";

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

describe("detailText", () => {
  it("pretty-prints JSON in the browser and leaves text, truncated JSON and hex as sent", () => {
    expect(detailText({ encoding: "json", text: '{"a":1,"b":[true]}', bytes: 18, truncated: false })).toBe(
      '{\n  "a": 1,\n  "b": [\n    true\n  ]\n}',
    );
    expect(detailText({ encoding: "json", text: '{"a":', bytes: 9999, truncated: true })).toBe('{"a":');
    expect(detailText({ encoding: "text", text: "plain", bytes: 5, truncated: false })).toBe("plain");
    expect(detailText({ encoding: "hex", text: "ff 00", bytes: 2, truncated: false })).toBe("ff 00");
    expect(detailText({ encoding: "null", text: "", bytes: 0, truncated: false })).toBe("");
  });

  it("names a registry schema, or says why its record is shown as hex", () => {
    expect(schemaLabel({ id: 3, format: "AVRO" })).toBe("Avro · schema 3");
    expect(schemaLabel({ id: 4, format: "JSON" })).toBe("JSON Schema · schema 4");
    expect(schemaLabel({ id: 42, error: { code: "REGISTRY_UNREACHABLE", message: "x", retriable: true } })).toBe(
      "schema 42: registry unreachable; shown as hex",
    );
  });
});
