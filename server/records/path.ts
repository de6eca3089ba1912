import type { RecordContent, RecordHeader } from "../kafka/normalise";
import { MAX_JSON_DEPTH, nestsDeeperThan, preview } from "../kafka/preview";

/**
 * Record paths: the one reader behind saga definitions (`correlation`,
 * `eventType`, `eventId` in sagas/*.json), flow discovery
 * (`DISCOVERY_CORRELATION`, `DISCOVERY_EVENT_TYPE`) and live-tail filter
 * expressions (server/streams/filter-lang.ts). Pure: a record in, a value out.
 *
 * Paths: `topic`, `partition`, `offset`, `timestamp`, `key`,
 * `headers.<name>` (the name is everything after the first dot, dots and
 * dashes included), `value` (the whole value as text) and
 * `value.<json.path>` (object fields and array indexes: `value.items.0.sku`).
 *
 * Rules:
 * - Headers are matched by exact name (Kafka header names are case-sensitive:
 *   `Saga-Id` is not `saga-id`). A repeated header reads as its last
 *   occurrence, as a consumer overwriting a map would see it; a last
 *   occurrence without a value reads as missing.
 * - Bytes (key, header values, the whole value) read as the text a browser
 *   is shown (server/kafka/preview.ts): strict UTF-8 without control
 *   characters as it is, anything else as hex pairs (`00 0a ff`), so two
 *   different binary keys never read as the same id. Texts are clipped where
 *   previews are (32 KiB characters, 2 KiB bytes of hex).
 * - `value.<path>` reads the value parsed as JSON: at most `MAX_JSON_BYTES`
 *   of strict UTF-8, nested at most `MAX_JSON_DEPTH` deep; anything else has
 *   no fields. Only own fields (`value.constructor` is missing); arrays only
 *   by a decimal index (`value.items.length` is missing).
 * - A path that does not resolve reads as `null`: a missing header, field or
 *   index, a null key or value, coordinates of a record that has none (a
 *   dead letter's original).
 * - An id (`readText`) is the first path giving a non-empty string, a number
 *   or a boolean, as text; objects, arrays, null and "" fall through to the
 *   next path.
 *
 * Which bytes are read is the caller's: the saga engine reads records as
 * consumed; discovery and filters read them as browsers may see them (masked,
 * Schema Registry payloads decoded; `IngestedRecord.view()`).
 */

export const PathRoots = ["topic", "partition", "offset", "timestamp", "key", "headers", "value"] as const;
export type PathRoot = (typeof PathRoots)[number];

/** A parsed path: `headers` has one part (the name), `value` any number, the others none. */
export interface RecordPath {
  root: PathRoot;
  parts: string[];
}

/** Values above this size have no JSON fields (a 10 MB record must not stall the engine). */
export const MAX_JSON_BYTES = 1024 * 1024;

const isRoot = (s: string): s is PathRoot => (PathRoots as readonly string[]).includes(s);

/** Parses a path as written in a saga definition or a setting; null when it is not one. */
export function parseRecordPath(p: string): RecordPath | null {
  if (p.startsWith("headers.")) {
    const name = p.slice("headers.".length);
    return name ? { root: "headers", parts: [name] } : null;
  }
  const [root, ...parts] = p.split(".");
  if (!root || !isRoot(root) || root === "headers") return null;
  if (root !== "value" && parts.length) return null;
  if (parts.some((x) => x === "")) return null;
  return { root, parts };
}

/** Parses paths, leaving out those that are not paths (settings are not validated further). */
export const parseRecordPaths = (paths: readonly string[]): RecordPath[] =>
  paths.map(parseRecordPath).filter((p): p is RecordPath => p !== null);

/**
 * What a path reads of one record. Key, header, value text and JSON are
 * methods so that a reader decodes only what a path names; implementations
 * compute each at most once.
 */
export interface RecordView {
  readonly topic: string;
  /** Absent for a record without coordinates. */
  readonly partition?: number;
  readonly offset?: string;
  readonly timestamp?: number;
  key(): string | null;
  /** The text of the header's last occurrence; null when absent or without a value. */
  header(name: string): string | null;
  valueText(): string | null;
  /** The value parsed as JSON; undefined when it is not JSON (or too large). */
  json(): unknown;
}

/** A JSON value, or a record field; null for a path that does not resolve. */
export type PathValue = string | number | boolean | null | object;

const INDEX = /^(0|[1-9]\d*)$/;

/** Reads one path of a record. */
export function readPath(r: RecordView, p: RecordPath): PathValue {
  switch (p.root) {
    case "topic":
      return r.topic;
    case "partition":
      return r.partition ?? null;
    case "offset":
      return r.offset === undefined ? null : Number(r.offset);
    case "timestamp":
      return r.timestamp ?? null;
    case "key":
      return r.key();
    case "headers":
      return r.header(p.parts[0]!);
    case "value": {
      if (p.parts.length === 0) return r.valueText();
      let cur: unknown = r.json();
      for (const part of p.parts) {
        if (cur === null || typeof cur !== "object") return null;
        if (Array.isArray(cur) ? !INDEX.test(part) : !Object.hasOwn(cur, part)) return null;
        cur = (cur as Record<string, unknown>)[part];
      }
      return cur === undefined ? null : (cur as PathValue);
    }
  }
}

/** The first of `paths` that gives a non-empty string, a number or a boolean, as text (a correlation id, an event type). */
export function readText(r: RecordView, paths: readonly RecordPath[]): string | undefined {
  for (const p of paths) {
    const v = readPath(r, p);
    if (typeof v === "string" ? v !== "" : typeof v === "number" || typeof v === "boolean") return String(v);
  }
  return undefined;
}

/** The last occurrence of header `name` (exact name): its value, null when it has none, undefined when absent. */
export function lastHeader(headers: readonly RecordHeader[], name: string): Buffer | null | undefined {
  for (let i = headers.length - 1; i >= 0; i--) if (headers[i]!.name === name) return headers[i]!.value;
  return undefined;
}

/** Bytes as a path reads them: the preview's text (UTF-8, or hex when binary); null for no bytes. */
export function textOf(bytes: Buffer | null | undefined): string | null {
  if (bytes === null || bytes === undefined) return null;
  return preview(bytes).text;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A value parsed as JSON by the rules above; undefined when it is not JSON or too large or deep. */
export function jsonOf(bytes: Buffer | null | undefined): unknown {
  if (!bytes || bytes.length === 0 || bytes.length > MAX_JSON_BYTES) return undefined;
  try {
    return jsonOfText(utf8.decode(bytes));
  } catch {
    return undefined;
  }
}

/** `jsonOf` for text already decoded (a Schema Registry payload's JSON). */
export function jsonOfText(text: string): unknown {
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A record's bytes as a `RecordView`; the key, value text and JSON are decoded on first read and kept. */
export function bytesView(r: RecordContent & { partition?: number; offset?: string; timestamp?: number }): RecordView {
  let key: string | null | undefined;
  let text: string | null | undefined;
  let parsed: unknown;
  let tried = false;
  return {
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    timestamp: r.timestamp,
    key: () => (key === undefined ? (key = textOf(r.key)) : key),
    header: (name) => textOf(lastHeader(r.headers, name)),
    valueText: () => (text === undefined ? (text = textOf(r.value)) : text),
    json: () => {
      if (!tried) {
        tried = true;
        parsed = jsonOf(r.value);
      }
      return parsed;
    },
  };
}
