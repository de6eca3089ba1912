import { describe, expect, it } from "vitest";
import type { WireRecord } from "../contract";
import { Masker } from "../security/masking";
import { SchemaDecoder, SchemaFetchError, type LoadedSchema, type SchemaFetcher } from "./schema-registry";
import { toWireRecord } from "./to-wire";

const framed = (id: number, payload: string | Buffer) => {
  const p = typeof payload === "string" ? Buffer.from(payload) : payload;
  const b = Buffer.alloc(5 + p.length);
  b.writeInt32BE(id, 1);
  p.copy(b, 5);
  return b;
};

/** A schema whose payload is JSON text; decoding fails on anything else. */
const jsonSchema: LoadedSchema = { format: "JSON", decode: (p) => JSON.stringify(JSON.parse(p.toString())) };

/** A fetcher the test resolves by hand, counting requests. */
function manualFetcher() {
  const calls: number[] = [];
  const pending = new Map<number, { resolve: (s: LoadedSchema) => void; reject: (e: Error) => void }>();
  const fetch: SchemaFetcher = (id) => {
    calls.push(id);
    return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
  };
  return { fetch, calls, pending };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("schema decoding without waiting", () => {
  it("shows an unknown id as hex with a note, fetches it once in the background, then decodes", async () => {
    const f = manualFetcher();
    const d = new SchemaDecoder(f.fetch);
    const value = framed(7, '{"a":1}');
    const first = d.decode({ key: null, value });
    expect(first?.value).toBe(value);
    expect(first?.valueSchema).toEqual({
      id: 7,
      error: { code: "SCHEMA_LOADING", message: "schema 7: loading from the registry", retriable: true },
    });
    d.decode({ key: null, value });
    expect(f.calls).toEqual([7]);
    f.pending.get(7)!.resolve(jsonSchema);
    await flush();
    const later = d.decode({ key: null, value });
    expect(later?.value?.toString()).toBe('{"a":1}');
    expect(later?.valueSchema).toEqual({ id: 7, format: "JSON" });
  });

  it("leaves records that are not framed alone", () => {
    const d = new SchemaDecoder(manualFetcher().fetch);
    expect(d.decode({ key: Buffer.from("k"), value: Buffer.from('{"a":1}') })).toBeNull();
  });

  it("notes a registry that is down, and asks again only after a pause", async () => {
    let now = 1_000_000;
    const f = manualFetcher();
    const d = new SchemaDecoder(f.fetch, undefined, () => now);
    const value = framed(42, "x");
    d.decode({ key: null, value });
    f.pending.get(42)!.reject(new SchemaFetchError("REGISTRY_UNREACHABLE", "ECONNREFUSED"));
    await flush();
    const r = d.decode({ key: null, value });
    expect(r?.value).toBe(value);
    expect(r?.valueSchema?.error).toMatchObject({
      code: "REGISTRY_UNREACHABLE",
      message: "schema 42: registry unreachable",
      retriable: true,
    });
    expect(f.calls).toEqual([42]);
    now += 5_001;
    d.decode({ key: null, value });
    expect(f.calls).toEqual([42, 42]);
  });

  it("marks bytes that do not fit the schema, and an unknown id", async () => {
    const d = new SchemaDecoder(async (id) => {
      if (id === 404) throw new SchemaFetchError("SCHEMA_NOT_FOUND", "nope");
      return jsonSchema;
    });
    await d.prefetch([{ key: framed(404, "{}"), value: framed(1, "not json") }]);
    const r = d.decode({ key: framed(404, "{}"), value: framed(1, "not json") });
    expect(r?.keySchema?.error?.code).toBe("SCHEMA_NOT_FOUND");
    expect(r?.valueSchema).toMatchObject({ id: 1, format: "JSON", error: { code: "DECODE_FAILED", retriable: false } });
  });

  it("prefetch gives up after its timeout; the record is then shown as hex", async () => {
    const f = manualFetcher();
    const d = new SchemaDecoder(f.fetch);
    const t0 = Date.now();
    await d.prefetch([{ key: null, value: framed(9, "{}") }], 50);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(d.decode({ key: null, value: framed(9, "{}") })?.valueSchema?.error?.code).toBe("SCHEMA_LOADING");
  });

  it("a fetch that never answers counts as unreachable after 3 s", async () => {
    const d = new SchemaDecoder(() => new Promise(() => undefined));
    await d.prefetch([{ key: null, value: framed(5, "{}") }], 10_000);
    expect(d.decode({ key: null, value: framed(5, "{}") })?.valueSchema?.error?.code).toBe("REGISTRY_UNREACHABLE");
  }, 10_000);
});

describe("wire records with a registry", () => {
  it("carry the decoded value, its schema, and the size of the bytes in Kafka", async () => {
    const d = new SchemaDecoder(async () => jsonSchema);
    {
      const value = framed(3, '{"order":"o-1"}');
      const raw = { key: Buffer.from("k"), value, offset: "5", timestamp: "1" };
      await d.prefetch([raw]);
      const w: WireRecord = toWireRecord("t", 0, raw, { masking: new Masker(), schemas: d });
      expect(w.value).toMatchObject({ encoding: "json", text: '{"order":"o-1"}', bytes: value.length });
      expect(w.valueSchema).toEqual({ id: 3, format: "JSON" });
      expect(w.keySchema).toBeUndefined();
      expect(w.size).toBe(1 + value.length);
    }
  });
});
