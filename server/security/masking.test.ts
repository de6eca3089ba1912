import { describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { MASK, Masker } from "./masking";

const rules = [
  {
    topics: "payments*",
    fields: ["value.card.number", "value.items.*.secret", "headers.Authorization", "key"],
    patterns: ["\\b\\d{4}-\\d{4}-\\d{4}-\\d{4}\\b"],
  },
  { topics: "emails", patterns: ["[\\w.]+@[\\w.]+"] },
];
const msg = (
  value: unknown,
  headers: Record<string, Buffer | string | (Buffer | string)[]> = {},
  key: string | null = "customer-7",
) => ({
  key: key === null ? null : Buffer.from(key),
  value: Buffer.from(typeof value === "string" ? value : JSON.stringify(value)),
  headers,
  offset: "1",
});

describe("Masker", () => {
  const m = new Masker(rules);

  it("masks JSON fields (arrays and * walked), named headers, the key and patterns anywhere", () => {
    const out = m.apply(
      "payments.v2",
      msg(
        {
          card: { number: "4111111111111111", brand: "visa" },
          items: [{ secret: "a", n: 1 }, { secret: "b" }],
          note: "paid with 1234-5678-9012-3456",
        },
        {
          authorization: "Bearer xyz",
          trace: Buffer.from("card 1111-2222-3333-4444"),
          multi: ["1111-2222-3333-4444", "ok"],
        },
      ),
    );
    expect(JSON.parse(out.value!.toString())).toEqual({
      card: { number: MASK, brand: "visa" },
      items: [{ secret: MASK, n: 1 }, { secret: MASK }],
      note: `paid with ${MASK}`,
    });
    expect(out.key!.toString()).toBe(MASK);
    expect(out.headers.authorization).toBe(MASK);
    expect(out.headers.trace!.toString()).toBe(`card ${MASK}`);
    expect(out.headers.multi).toEqual([MASK, "ok"]);
  });

  it("leaves other topics, absent fields and binary values alone (the same object when no rule applies)", () => {
    const plain = msg({ card: { number: "4111" } });
    expect(m.apply("orders", plain)).toBe(plain);
    const nothing = m.apply("payments", msg({ other: 1 }, {}, null));
    expect(JSON.parse(nothing.value!.toString())).toEqual({ other: 1 });
    expect(nothing.key).toBeNull();
    const binary = Buffer.from([0xff, 0xfe, 0x31, 0x31]);
    expect(m.apply("emails", { key: null, value: binary, headers: {} }).value).toBe(binary);
  });

  it("applies patterns to text that is not JSON, and to every topic a dead letter belongs to", () => {
    expect(m.apply("emails", msg("write to ada@example.org today")).value!.toString()).toBe(`write to ${MASK} today`);
    const both = m.apply(["orders.DLT", "payments"], msg({ card: { number: "1" } }));
    expect(JSON.parse(both.value!.toString()).card.number).toBe(MASK);
    expect(m.covers("orders.DLT")).toBe(false);
    expect(m.covers("payments-eu")).toBe(true);
    expect(
      m.headerList(
        ["payments"],
        [
          { name: "AUTHORIZATION", value: Buffer.from("x") },
          { name: "n", value: null },
        ],
      ),
    ).toEqual([
      { name: "AUTHORIZATION", value: Buffer.from(MASK) },
      { name: "n", value: null },
    ]);
  });

  it("refuses bad rules with a precise error at start", () => {
    expect(() => loadConfig({ MASKING_RULES: "not json" })).toThrow(/MASKING_RULES: is not valid JSON/);
    expect(() => loadConfig({ MASKING_RULES: '[{"topics":"x","patterns":["("]}]' })).toThrow(
      /not a valid regular expression/,
    );
    expect(() => loadConfig({ MASKING_RULES: '[{"topics":"x","fields":["card"]}]' })).toThrow(
      /a field is key, value.<path> or headers.<name>/,
    );
    expect(loadConfig({ MASKING_RULES: JSON.stringify(rules) }).maskingRules).toHaveLength(2);
  });
});
