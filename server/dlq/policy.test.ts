import { describe, expect, it } from "vitest";
import { decideDiscard, decideRetry, replayHeaders, replayValue } from "./policy";

describe("decideRetry", () => {
  it("allows new and failed records, refuses one in flight, and needs force to publish twice", () => {
    expect(decideRetry("new", false)).toEqual({ ok: true });
    expect(decideRetry("failed", false)).toEqual({ ok: true });
    expect(decideRetry("retrying", false)).toEqual({ ok: false, code: "RETRY_IN_PROGRESS" });
    expect(decideRetry("retrying", true)).toEqual({ ok: false, code: "RETRY_IN_PROGRESS" });
    expect(decideRetry("published", false)).toEqual({ ok: false, code: "ALREADY_PUBLISHED" });
    expect(decideRetry("published", true)).toEqual({ ok: true });
    expect(decideRetry("discarded", false)).toEqual({ ok: false, code: "DISCARDED" });
    expect(decideRetry("discarded", true)).toEqual({ ok: true });
  });
});

describe("decideDiscard", () => {
  it("resolves open records only", () => {
    expect(decideDiscard("new").ok).toBe(true);
    expect(decideDiscard("failed").ok).toBe(true);
    expect(decideDiscard("retrying")).toMatchObject({ code: "RETRY_IN_PROGRESS" });
    expect(decideDiscard("published")).toMatchObject({ code: "ALREADY_PUBLISHED" });
    expect(decideDiscard("discarded")).toMatchObject({ code: "DISCARDED" });
  });
});

describe("replayHeaders", () => {
  const stamp = {
    replayId: "r-1",
    source: { topic: "orders.DLT", partition: 0, offset: "12" },
    attempt: 2,
    operator: "ana",
  };
  const text = (hs: Array<{ name: string; value: Buffer | null }>) => hs.map((h) => [h.name, h.value?.toString()]);

  it("keeps the record's own headers, strips dead-letter ones and an earlier stamp, and adds this replay's", () => {
    const out = replayHeaders(
      [
        { name: "saga-id", value: Buffer.from("o-42") },
        { name: "kafka_dlt-exception-message", value: Buffer.from("boom") },
        { name: "sagascope-replay-id", value: Buffer.from("r-0") },
        { name: "traceparent", value: Buffer.from("00-aa-bb-01") },
      ],
      stamp,
    );
    expect(text(out)).toEqual([
      ["saga-id", "o-42"],
      ["traceparent", "00-aa-bb-01"],
      ["sagascope-replay-id", "r-1"],
      ["sagascope-replay-source", "orders.DLT/0/12"],
      ["sagascope-replay-attempt", "2"],
      ["sagascope-replay-operator", "ana"],
    ]);
  });

  it("uses the operator's headers instead when given", () => {
    const out = replayHeaders([{ name: "saga-id", value: Buffer.from("o-42") }], stamp, [
      { name: "saga-id", value: "o-43" },
    ]);
    expect(text(out).slice(0, 1)).toEqual([["saga-id", "o-43"]]);
  });
});

describe("replayValue", () => {
  it("keeps the original bytes, validates edited JSON, and passes edited text as is", () => {
    const original = Buffer.from('{"a":1}');
    expect(replayValue(original)).toEqual({ ok: true, value: original });
    expect(replayValue(original, { value: '{"a":2}' })).toEqual({ ok: true, value: Buffer.from('{"a":2}') });
    expect(replayValue(original, { value: "{a:2" })).toMatchObject({ ok: false, code: "INVALID_JSON_VALUE" });
    expect(replayValue(original, { value: "{a:2", format: "text" })).toEqual({ ok: true, value: Buffer.from("{a:2") });
  });
});
