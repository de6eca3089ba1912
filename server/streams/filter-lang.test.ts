import { describe, expect, it } from "vitest";
import { bytesView } from "../records/path";
import { evaluate, type FilterSyntaxError, parseFilter, type FilterInput } from "./filter-lang";

// A real record's bytes, read through the record-path view (server/records/path.ts) the live tail uses.
const rec = (over: { json?: unknown; valueText?: string } = {}): FilterInput => {
  const json = over.json ?? {
    amount: 150,
    customer: { tier: "gold", id: "c-1" },
    items: [{ sku: "a" }],
    note: "vip order",
  };
  return bytesView({
    topic: "payments",
    partition: 1,
    offset: "42",
    timestamp: 1_764_000_000_000,
    key: Buffer.from("o-42"),
    headers: [
      { name: "saga-id", value: Buffer.from("o-42") },
      { name: "ce_type", value: Buffer.from("com.example.Paid") },
      { name: "x y", value: Buffer.from("spaced") },
    ],
    value: Buffer.from(over.valueText ?? JSON.stringify(json)),
  });
};
const test = (expr: string, r = rec()) => evaluate(parseFilter(expr), r);

describe("filter language", () => {
  it("compares JSON fields, headers and record fields", () => {
    expect(test("value.amount > 100")).toBe(true);
    expect(test("value.amount <= 100")).toBe(false);
    expect(test('headers.saga-id == "o-42"')).toBe(true);
    expect(test('headers.ce_type startsWith "com.example."')).toBe(true);
    expect(test('headers["x y"] == "spaced"')).toBe(true);
    expect(test('topic == "payments" && partition == 1 && offset >= 40')).toBe(true);
    expect(test('key contains "42"')).toBe(true);
    expect(test('value.customer.tier in ["gold", "platinum"]')).toBe(true);
    expect(test('value.items.0.sku == "a"')).toBe(true);
    expect(test('value contains "vip"')).toBe(true);
  });

  it("has and, or, not and parentheses with the usual precedence", () => {
    expect(test("value.amount > 1000 || value.amount > 100 && partition == 1")).toBe(true);
    expect(test("(value.amount > 1000 || value.amount > 100) && partition == 2")).toBe(false);
    expect(test("!(partition == 2)")).toBe(true);
    expect(test("!!value.amount")).toBe(true);
  });

  it("treats missing paths as null: false for comparisons, true for == null", () => {
    expect(test("value.missing > 1")).toBe(false);
    expect(test("value.missing == null")).toBe(true);
    expect(test("headers.nope != null")).toBe(false);
    expect(test("value.amount > 1", rec({ valueText: "plain text" }))).toBe(false);
  });

  it("compares numbers in strings as numbers", () => {
    expect(test("value.n > 9", rec({ json: { n: "10" } }))).toBe(true);
    expect(test("value.n > -5", rec({ json: { n: -1 } }))).toBe(true);
  });

  it("reports syntax errors with their position, and never runs code", () => {
    const err = (e: string) => {
      try {
        parseFilter(e);
      } catch (x) {
        return x as FilterSyntaxError;
      }
      throw new Error(`${e} parsed`);
    };
    expect(err("value.amount >").message).toMatch(/expected a value or a path at position 15/);
    expect(err('headers.a == "x').message).toMatch(/unterminated string/);
    expect(err("process.exit(1)").message).toMatch(/unknown path "process.exit"/);
    expect(err("value.a == 1 )").position).toBe(13);
    expect(err("constructor.constructor").message).toMatch(/unknown path/);
    expect(err("(".repeat(100) + "1" + ")".repeat(100)).message).toMatch(/nested too deeply/);
    expect(err("").message).toMatch(/empty/);
    expect(err("x".repeat(2000)).message).toMatch(/longer than/);
  });

  it("does not reach into prototypes", () => {
    expect(test("value.constructor == null", rec({ json: {} }))).toBe(true);
    expect(test("value.toString == null", rec({ json: {} }))).toBe(true);
    expect(test('value.__proto__ == "x"', rec({ json: {} }))).toBe(false);
  });
});
