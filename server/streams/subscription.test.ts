import { describe, expect, it, vi } from "vitest";
import { ingestBatch } from "../kafka/ingested";
import { plainDecoding } from "../kafka/decoding";
import { compileSubscription } from "./subscription";

const r = (topic: string, value: string, headers: Record<string, string> = {}, key = "k", partition = 0) =>
  ingestBatch(
    topic,
    partition,
    [{ key: Buffer.from(key), value: Buffer.from(value), offset: "1", timestamp: "5", headers }],
    plainDecoding(),
  ).records[0]!;

describe("compileSubscription", () => {
  it("combines topics, partition, key, header, value substring and an expression", () => {
    const c = compileSubscription({ topics: ["payments"], header: { name: "saga-id" }, expr: "value.amount > 100" });
    if (!c.ok || !c.filter) throw new Error("expected a filter");
    expect(c.filter(r("payments", '{"amount":150}', { "saga-id": "o-1" }))).toBe(true);
    expect(c.filter(r("payments", '{"amount":50}', { "saga-id": "o-1" }))).toBe(false);
    expect(c.filter(r("orders", '{"amount":150}', { "saga-id": "o-1" }))).toBe(false);
    expect(c.filter(r("payments", '{"amount":150}'))).toBe(false);
    const k = compileSubscription({ key: "vip", partition: 2, valueContains: "gold" });
    if (!k.ok || !k.filter) throw new Error("expected a filter");
    expect(k.filter(r("t", "tier gold", {}, "vip-1", 2))).toBe(true);
    expect(k.filter(r("t", "tier gold", {}, "vip-1", 1))).toBe(false);
  });

  it("matches everything when empty, and reports bad input with a code", () => {
    expect(compileSubscription({})).toMatchObject({ ok: true, filter: null });
    expect(compileSubscription({ expr: "value.a >" })).toMatchObject({
      ok: false,
      result: { ok: false, error: { code: "FILTER_SYNTAX", position: 9 } },
    });
    expect(compileSubscription({ topics: "x" })).toMatchObject({
      ok: false,
      result: { error: { code: "INVALID_SUBSCRIPTION" } },
    });
    expect(compileSubscription({ evil: true })).toMatchObject({ ok: false });
  });

  it("decodes nothing for topic, partition and offset conditions, and a record's value once for every tab", () => {
    const cheap = compileSubscription({
      topics: ["payments"],
      expr: 'topic == "payments" && partition == 0 && offset >= 1',
    });
    const deep = compileSubscription({ expr: "value.amount > 100" });
    if (!cheap.ok || !cheap.filter || !deep.ok || !deep.filter) throw new Error("expected filters");
    const rec = r("payments", '{"amount":150}');
    const wire = vi.spyOn(rec, "wire");
    const parse = vi.spyOn(JSON, "parse");
    try {
      expect(cheap.filter(rec)).toBe(true);
      expect(cheap.filter(r("orders", "{}"))).toBe(false);
      expect(parse).not.toHaveBeenCalled();
      expect(deep.filter(rec)).toBe(true);
      expect(deep.filter(rec)).toBe(true);
      // JSON fields are read from the value's bytes, parsed once; no previews are built for them.
      expect(parse).toHaveBeenCalledTimes(1);
      expect(wire).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });
});
