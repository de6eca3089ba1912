import { describe, expect, it, vi } from "vitest";
import { ingestBatch } from "../kafka/ingested";
import { plainDecoding } from "../kafka/decoding";
import { eventObserver, observedFrom } from "./discovery-feed";

describe("observedFrom", () => {
  const wire = (headers: Record<string, string>, value: string, key = "k-1") =>
    ingestBatch(
      "payments",
      0,
      [{ key: Buffer.from(key), value: Buffer.from(value), offset: "5", timestamp: "1000", headers }],
      plainDecoding(),
    ).records[0]!;

  it("reads ids and types from headers, JSON values or the key", () => {
    expect(
      observedFrom(
        wire({ "correlation-id": "c-1", "event-type": "Paid" }, "{}"),
        ["headers.correlation-id"],
        ["headers.event-type"],
      ),
    ).toEqual({ correlationId: "c-1", type: "Paid", timestamp: 1000, topic: "payments" });
    expect(
      observedFrom(wire({}, '{"order":{"id":"o-9"},"type":"Paid"}'), ["value.order.id"], ["value.type"]),
    ).toMatchObject({ correlationId: "o-9", type: "Paid" });
    expect(observedFrom(wire({ t: "X" }, "not json"), ["key"], ["headers.t"])).toMatchObject({
      correlationId: "k-1",
      type: "X",
    });
  });

  it("ignores records without both", () => {
    expect(
      observedFrom(wire({ "event-type": "Paid" }, "{}"), ["headers.correlation-id"], ["headers.event-type"]),
    ).toBeNull();
    expect(
      observedFrom(wire({ "correlation-id": "c" }, "{}"), ["headers.correlation-id"], ["headers.event-type"]),
    ).toBeNull();
  });

  it("decodes nothing of a record without the configured headers, and the value only when a value path is reached", () => {
    const observe = eventObserver(["headers.saga-id", "headers.correlation-id"], ["headers.event-type", "value.type"]);
    const plain = wire({ "event-type": "Bench" }, '{"type":"X"}');
    const spies = [vi.spyOn(plain, "key"), vi.spyOn(plain, "value"), vi.spyOn(plain, "wire")];
    const parse = vi.spyOn(JSON, "parse");
    try {
      expect(observe(plain)).toBeNull();
      for (const s of spies) expect(s).not.toHaveBeenCalled();
      expect(parse).not.toHaveBeenCalled();
      const typed = wire({ "saga-id": "o-1" }, '{"type":"Paid"}');
      expect(observe(typed)).toMatchObject({ correlationId: "o-1", type: "Paid" });
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });
});
