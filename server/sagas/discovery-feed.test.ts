import { describe, expect, it } from "vitest";
import { ingestBatch } from "../kafka/ingested";
import { observedFrom } from "./discovery-feed";

describe("observedFrom", () => {
  const wire = (headers: Record<string, string>, value: string, key = "k-1") => ingestBatch("payments", 0, [{ key: Buffer.from(key), value: Buffer.from(value), offset: "5", timestamp: "1000", headers }]).records[0]!;

  it("reads ids and types from headers, JSON values or the key", () => {
    expect(observedFrom(wire({ "correlation-id": "c-1", "event-type": "Paid" }, "{}"), ["headers.correlation-id"], ["headers.event-type"])).toEqual({ correlationId: "c-1", type: "Paid", timestamp: 1000, topic: "payments" });
    expect(observedFrom(wire({}, '{"order":{"id":"o-9"},"type":"Paid"}'), ["value.order.id"], ["value.type"])).toMatchObject({ correlationId: "o-9", type: "Paid" });
    expect(observedFrom(wire({ t: "X" }, "not json"), ["key"], ["headers.t"])).toMatchObject({ correlationId: "k-1", type: "X" });
  });

  it("ignores records without both", () => {
    expect(observedFrom(wire({ "event-type": "Paid" }, "{}"), ["headers.correlation-id"], ["headers.event-type"])).toBeNull();
    expect(observedFrom(wire({ "correlation-id": "c" }, "{}"), ["headers.correlation-id"], ["headers.event-type"])).toBeNull();
  });
});
