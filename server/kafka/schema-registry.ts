import { SchemaRegistry } from "@kafkajs/confluent-schema-registry";
import type { SchemaErrorCode, SchemaRef, WireRecord } from "../contract";
import type { Logger } from "../log";
import { parseFraming, splitProtobufIndexes, toJsonText } from "./schema-framing";

/**
 * Decoding of keys and values framed for a Confluent Schema Registry (Avro,
 * Protobuf, JSON Schema), when SCHEMA_REGISTRY_URL is set.
 *
 * Ingest is synchronous and must never wait on the registry, so decoding only
 * ever uses schemas already in this process's cache: a record whose schema id
 * is not cached yet is shown as hex with a note ("schema 42: loading…"), and
 * the schema is fetched in the background for the records after it. The
 * on-demand paths (records API, record detail) first await `prefetch` for the
 * ids of the records they read, bounded by a timeout, and then convert with
 * the same synchronous code — so a record opened in the detail is decoded
 * even when the live stream showed it before its schema arrived. Rejected:
 * awaiting the fetch inside ingest (one slow registry would stall every topic)
 * and holding records back until their schema arrives (unbounded buffering
 * while the registry is down).
 *
 * Schemas are immutable per id, so a fetched schema is kept for good; failures
 * are kept briefly (5 s growing to 60 s) so a down registry is not asked once
 * per record.
 */

type Format = NonNullable<SchemaRef["format"]>;

/** The schema of one id, ready to decode synchronously. */
export interface LoadedSchema {
  format: Format;
  /** Returns the decoded record as JSON text; throws when the payload does not fit the schema. */
  decode(payload: Buffer): string;
}

export class SchemaFetchError extends Error {
  constructor(
    readonly code: Exclude<SchemaErrorCode, "SCHEMA_LOADING" | "DECODE_FAILED">,
    message: string,
  ) {
    super(message);
  }
}

/** Fetches one schema by id; the real one is `registryFetcher`, tests pass fakes. */
export type SchemaFetcher = (id: number) => Promise<LoadedSchema>;

type Entry =
  | { state: "ready"; schema: LoadedSchema }
  | { state: "loading" }
  | { state: "failed"; error: SchemaFetchError; retryAt: number; failures: number };

export interface Decoded {
  /** The key/value bytes to show (decoded JSON text, or the original bytes when not decoded). */
  key: Buffer | null;
  value: Buffer | null;
  keySchema?: SchemaRef;
  valueSchema?: SchemaRef;
}

const MAX_IN_FLIGHT = 4;
/** Distinct ids remembered; beyond it (random binary that happens to start with 0x00) no new ids are asked for. */
const MAX_ENTRIES = 10_000;
const FETCH_TIMEOUT_MS = 3_000;
/** Distinct ids one on-demand read waits for (a page of random binary could name hundreds). */
const MAX_PREFETCH_IDS = 16;

const notes: Record<SchemaErrorCode, (id: number) => string> = {
  SCHEMA_LOADING: (id) => `schema ${id}: loading from the registry`,
  REGISTRY_UNREACHABLE: (id) => `schema ${id}: registry unreachable`,
  REGISTRY_REFUSED: (id) =>
    `schema ${id}: the registry refused the request (check SCHEMA_REGISTRY_USERNAME / SCHEMA_REGISTRY_PASSWORD)`,
  SCHEMA_NOT_FOUND: (id) => `schema ${id}: not found in the registry`,
  SCHEMA_UNSUPPORTED: (id) => `schema ${id}: could not be read`,
  DECODE_FAILED: (id) => `schema ${id}: the bytes do not match the schema`,
};

function refError(id: number, code: SchemaErrorCode, format?: Format): SchemaRef {
  return {
    id,
    ...(format ? { format } : {}),
    error: { code, message: notes[code](id), retriable: code !== "DECODE_FAILED" && code !== "SCHEMA_UNSUPPORTED" },
  };
}

export class SchemaDecoder {
  private readonly entries = new Map<number, Entry>();
  private readonly waiting = new Map<number, Promise<void>>();
  private inFlight = 0;

  constructor(
    private readonly fetchSchema: SchemaFetcher,
    private readonly log?: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Decodes a framed key and value with cached schemas only; unknown ids are
   * fetched in the background. Null when neither is framed (the caller keeps
   * the record as it is).
   */
  decode(m: { key: Buffer | null; value: Buffer | null }): Decoded | null {
    const k = this.one(m.key);
    const v = this.one(m.value);
    if (!k && !v) return null;
    return {
      key: k ? k.bytes : m.key,
      value: v ? v.bytes : m.value,
      ...(k ? { keySchema: k.ref } : {}),
      ...(v ? { valueSchema: v.ref } : {}),
    };
  }

  /** Fetches the schemas these keys and values need that are not cached yet; resolves within `timeoutMs` whatever happens. */
  async prefetch(
    messages: ReadonlyArray<{ key: Buffer | null; value: Buffer | null }>,
    timeoutMs = FETCH_TIMEOUT_MS,
  ): Promise<void> {
    const ids = new Set<number>();
    for (const m of messages)
      for (const b of [m.key, m.value]) {
        const f = parseFraming(b);
        if (f) ids.add(f.id);
      }
    const loads = [...ids]
      .slice(0, MAX_PREFETCH_IDS)
      .map((id) => this.load(id, true))
      .filter((p): p is Promise<void> => p !== null);
    if (loads.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(loads), new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
  }

  private one(buf: Buffer | null): { bytes: Buffer; ref: SchemaRef } | null {
    const framed = parseFraming(buf);
    if (!framed) return null;
    const { id } = framed;
    const e = this.entries.get(id);
    if (e?.state !== "ready") {
      void this.load(id, false);
      const now = this.entries.get(id);
      const code = now?.state === "failed" ? now.error.code : "SCHEMA_LOADING";
      return { bytes: buf!, ref: refError(id, code) };
    }
    try {
      return { bytes: Buffer.from(e.schema.decode(framed.payload), "utf8"), ref: { id, format: e.schema.format } };
    } catch {
      return { bytes: buf!, ref: refError(id, "DECODE_FAILED", e.schema.format) };
    }
  }

  /** Starts (or joins) a fetch of `id` unless it is cached, failed recently, or too many are running; null when nothing is to wait for. */
  private load(id: number, force: boolean): Promise<void> | null {
    const running = this.waiting.get(id);
    if (running) return running;
    const e = this.entries.get(id);
    if (e?.state === "ready") return null;
    if (e?.state === "failed" && this.now() < e.retryAt && !force) return null;
    if (!e && this.entries.size >= MAX_ENTRIES) return null;
    if (this.inFlight >= MAX_IN_FLIGHT && !force) return null;
    this.inFlight++;
    if (!e) this.entries.set(id, { state: "loading" });
    const failures = e?.state === "failed" ? e.failures : 0;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>(
      (_, reject) =>
        (timer = setTimeout(
          () => reject(new SchemaFetchError("REGISTRY_UNREACHABLE", `no answer within ${FETCH_TIMEOUT_MS} ms`)),
          FETCH_TIMEOUT_MS,
        )),
    );
    const p = Promise.race([this.fetchSchema(id), timeout])
      .then(
        (schema) => void this.entries.set(id, { state: "ready", schema }),
        (err: unknown) => {
          const error =
            err instanceof SchemaFetchError
              ? err
              : new SchemaFetchError("SCHEMA_UNSUPPORTED", String((err as Error)?.message ?? err));
          const wait = error.code === "SCHEMA_NOT_FOUND" ? 60_000 : Math.min(5_000 * 2 ** failures, 60_000);
          this.entries.set(id, { state: "failed", error, retryAt: this.now() + wait, failures: failures + 1 });
          this.log?.warn("schema registry: schema not loaded", {
            schemaId: id,
            code: error.code,
            error: error.message,
          });
        },
      )
      .finally(() => {
        clearTimeout(timer);
        this.inFlight--;
        this.waiting.delete(id);
      });
    this.waiting.set(id, p);
    return p;
  }
}

export interface RegistryConnection {
  url: string;
  /** Basic auth; never logged. */
  username?: string;
  password?: string;
}

interface LibSchema {
  fromBuffer(buffer: Buffer): unknown;
  message?: { parent?: { nestedArray?: unknown[] } | null };
}
interface ProtoType {
  name: string;
  nestedArray?: unknown[];
  decode(b: Buffer): unknown;
  toObject(m: unknown, o: object): unknown;
  fields: object;
}
const isProtoType = (n: unknown): n is ProtoType =>
  typeof n === "object" && n !== null && "fields" in n && typeof (n as ProtoType).decode === "function";

/** The message type an index path names, counted among the message types of the file (then of each nested message). */
function protoTypeAt(first: ProtoType, indexes: number[]): ProtoType {
  const top = (first as unknown as { parent?: { nestedArray?: unknown[] } }).parent?.nestedArray?.filter(
    isProtoType,
  ) ?? [first];
  let t = top[indexes[0]!];
  for (const i of indexes.slice(1)) t = t?.nestedArray?.filter(isProtoType)[i];
  if (!t) throw new Error(`no message at index path ${indexes.join(".")}`);
  return t;
}

/** Turns a schema fetched by the library into a synchronous decoder of that format. */
function loaded(type: string, schema: LibSchema): LoadedSchema {
  if (type === "PROTOBUF") {
    const first = (schema as { message?: ProtoType }).message!;
    return {
      format: "PROTOBUF",
      decode(payload) {
        const { indexes, message } = splitProtobufIndexes(payload);
        const t = protoTypeAt(first, indexes);
        return toJsonText(
          t.toObject(t.decode(message), { longs: String, enums: String, bytes: String, defaults: true }),
        );
      },
    };
  }
  if (type === "JSON") {
    // The payload is the JSON text itself; it is shown as written (not validated against the schema: a viewer shows what is there).
    return {
      format: "JSON",
      decode(payload) {
        const text = payload.toString("utf8");
        JSON.parse(text);
        return text;
      },
    };
  }
  return { format: "AVRO", decode: (payload) => toJsonText(schema.fromBuffer(payload)) };
}

/** A fetcher backed by @kafkajs/confluent-schema-registry (schema parsing, references) against a real registry. */
export function registryFetcher(conn: RegistryConnection): SchemaFetcher {
  const registry = new SchemaRegistry({
    host: conn.url,
    ...(conn.username !== undefined ? { auth: { username: conn.username, password: conn.password ?? "" } } : {}),
    // Retries are ours (the failure cache); the library's would hold a records request for seconds.
    retry: { retries: 0 },
  });
  return async (id) => {
    let schema: LibSchema;
    try {
      schema = (await registry.getSchema(id)) as unknown as LibSchema;
    } catch (err) {
      const e = err as { name?: string; status?: number; message?: string };
      if (e.status === 404) throw new SchemaFetchError("SCHEMA_NOT_FOUND", `schema ${id} not found`);
      if (e.status === 401 || e.status === 403) throw new SchemaFetchError("REGISTRY_REFUSED", `HTTP ${e.status}`);
      if (e.name === "ResponseError") throw new SchemaFetchError("REGISTRY_UNREACHABLE", e.message ?? "request failed");
      throw new SchemaFetchError("SCHEMA_UNSUPPORTED", e.message ?? String(err));
    }
    const type = registry.cache.getSchema(id)?.type ?? "AVRO";
    return loaded(type, schema);
  };
}

/**
 * Completes a record converted from decoded bytes: the schema refs, sizes of
 * the bytes as they are in Kafka (not of the JSON), and the batch codec, which
 * is known only from the consumed buffers.
 */
export function withSchemas(
  wire: WireRecord,
  raw: { key: Buffer | null; value: Buffer | null },
  sr: Decoded,
  compression: WireRecord["compression"] | null,
): WireRecord {
  const key = sr.keySchema ? { ...wire.key, bytes: raw.key?.length ?? 0 } : wire.key;
  const value = sr.valueSchema ? { ...wire.value, bytes: raw.value?.length ?? 0 } : wire.value;
  return {
    ...wire,
    key,
    value,
    size: wire.size - wire.key.bytes - wire.value.bytes + key.bytes + value.bytes,
    ...(compression ? { compression } : {}),
    ...(sr.keySchema ? { keySchema: sr.keySchema } : {}),
    ...(sr.valueSchema ? { valueSchema: sr.valueSchema } : {}),
  };
}
