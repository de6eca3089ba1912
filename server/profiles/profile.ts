import type { TopicProfile, ValueFormat } from "../contract";
import type { IngestedRecord } from "../kafka/ingested";
import { preview, type PreviewLimits } from "../kafka/preview";
import { parseFraming } from "../kafka/schema-framing";
import { parseRecordPaths, readPath, type RecordPath, type RecordView } from "../records/path";

/**
 * A topic's profile from a sample of its records, without I/O: feed records
 * with `add`, then `finish`. Every record costs a bounded amount whatever
 * its size: the value is classified from its first `CLASSIFY_BYTES`, JSON
 * fields are read only from values up to `TYPE_JSON_BYTES`, and the distinct
 * header names and event types counted are capped, so a 10 MB value or a
 * topic with a header per record id costs no more than a small one.
 *
 * A finished profile is small whatever the topic: at most `MAX_HEADERS`
 * header names and `MAX_TYPES` event types, each clipped to `MAX_NAME`
 * characters, and four sizes — about 1 KB typically, under 8 KB at worst.
 */

/** Bytes of a value looked at to tell JSON, text and binary apart. */
export const CLASSIFY_BYTES = 64 * 1024;
/** Values up to this size are parsed for a type field (larger ones give types from headers only). */
export const TYPE_JSON_BYTES = 64 * 1024;
/** Header names and event types listed in a profile. */
export const MAX_HEADERS = 30;
export const MAX_TYPES = 10;
export const MAX_SCHEMA_IDS = 10;
/** Distinct names and types counted while building (the rest only mark the list as limited). */
const MAX_DISTINCT = 200;
/** Longest header name or event type kept, in characters. */
export const MAX_NAME = 200;

/** Headers that carry a trace or correlation id by convention (compared case-insensitively). */
export const TRACE_HEADERS = [
  "traceparent",
  "b3",
  "x-b3-traceid",
  "uber-trace-id",
  "ce_traceparent",
  "ce_id",
  "x-request-id",
  "x-correlation-id",
] as const;

/** Type fields of JSON values beyond the configured event-type paths (CloudEvents, JSON-LD, snake case). */
export const EXTRA_TYPE_PATHS = ["value.@type", "value.event_type", "value.eventName"] as const;

export interface ProfileRules {
  /** Record paths of an event type, first match wins (DISCOVERY_EVENT_TYPE, then EXTRA_TYPE_PATHS). */
  eventType: readonly string[];
  /** Record paths of a saga or correlation id (DISCOVERY_CORRELATION); their header names count as correlation headers. */
  correlation: readonly string[];
}

const classifyLimits: PreviewLimits = { maxText: 0, maxHexBytes: 0, maxJsonParseBytes: CLASSIFY_BYTES };

/** How one value reads, looking at its first CLASSIFY_BYTES at most. */
export function classifyValue(value: Buffer | null): { format: ValueFormat; schemaId?: number } {
  if (value === null) return { format: "tombstone" };
  if (value.length === 0) return { format: "empty" };
  const framed = value.length > 5 ? parseFraming(value) : null;
  if (framed) return { format: "schema-registry", schemaId: framed.id };
  const p = preview(value, classifyLimits);
  if (p.encoding === "json") return { format: "json" };
  if (p.encoding === "hex") return { format: "binary" };
  // A value larger than what is parsed reads as JSON when its text starts like a JSON document.
  if (value.length > CLASSIFY_BYTES && /^\s*[[{]/.test(value.subarray(0, 64).toString("latin1")))
    return { format: "json" };
  return { format: "text" };
}

const clipName = (s: string) => (s.length > MAX_NAME ? `${s.slice(0, MAX_NAME)}…` : s);

/** Counts of distinct strings, at most MAX_DISTINCT of them; `dropped` when one more was seen. */
class Tally {
  readonly counts = new Map<string, number>();
  dropped = false;
  add(name: string): void {
    const n = this.counts.get(name);
    if (n !== undefined) this.counts.set(name, n + 1);
    else if (this.counts.size < MAX_DISTINCT) this.counts.set(name, 1);
    else this.dropped = true;
  }
  /** Most frequent first, ties by name; `limited` when more were seen than listed. */
  top(max: number, total: number): { list: Array<{ name: string; share: number }>; limited: boolean } {
    const sorted = [...this.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return {
      list: sorted.slice(0, max).map(([name, n]) => ({ name, share: total ? n / total : 0 })),
      limited: this.dropped || sorted.length > max,
    };
  }
}

/** The nearest-rank percentile of sorted numbers. */
const rank = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

/** A record's view for type paths, with JSON fields only for values up to TYPE_JSON_BYTES. */
function typeView(r: IngestedRecord): RecordView {
  const view = r.view();
  const small = (r.message.value?.length ?? 0) <= TYPE_JSON_BYTES;
  return small ? view : { ...view, json: () => undefined };
}

/** Accumulates one topic's sample; `finish` gives its profile. */
export class ProfileBuilder {
  private records = 0;
  private bytes = 0;
  private keyed = 0;
  private traced = 0;
  private readonly formats = new Tally();
  private readonly schemaIds = new Tally();
  private readonly headers = new Tally();
  private readonly traceHeaders = new Tally();
  private readonly types = new Tally();
  private readonly typeSources = new Tally();
  private readonly sizes: number[] = [];
  private readonly sampledPartitions = new Set<number>();
  private readonly typePaths: Array<{ path: RecordPath; text: string }>;
  private readonly traceNames: Set<string>;

  constructor(
    readonly topic: string,
    rules: ProfileRules,
  ) {
    const texts = [...rules.eventType, ...EXTRA_TYPE_PATHS];
    // Each path with its own text (a setting that is not a path is left out).
    this.typePaths = texts.flatMap((text) => parseRecordPaths([text]).map((path) => ({ path, text })));
    const correlationHeaders = parseRecordPaths(rules.correlation)
      .filter((p) => p.root === "headers")
      .map((p) => p.parts[0]!);
    this.traceNames = new Set([...TRACE_HEADERS, ...correlationHeaders].map((n) => n.toLowerCase()));
  }

  /** Adds one sampled record (as ingest wraps it: masked as browsers may see it). */
  add(r: IngestedRecord): void {
    this.records++;
    this.bytes += r.size;
    this.sampledPartitions.add(r.partition);
    const m = r.message;
    if (m.key !== null) this.keyed++;
    const c = classifyValue(m.value);
    this.formats.add(c.format);
    if (c.schemaId !== undefined) this.schemaIds.add(String(c.schemaId));
    if (m.value !== null) this.sizes.push(m.value.length);
    let traced = false;
    for (const name of Object.keys(m.headers ?? {})) {
      const clipped = clipName(name);
      this.headers.add(clipped);
      if (this.traceNames.has(name.toLowerCase())) {
        this.traceHeaders.add(clipped);
        traced = true;
      }
    }
    if (traced) this.traced++;
    const view = typeView(r);
    for (const { path, text } of this.typePaths) {
      const v = readPath(view, path);
      if (typeof v === "string" ? v !== "" : typeof v === "number" || typeof v === "boolean") {
        this.types.add(clipName(String(v)));
        this.typeSources.add(text);
        break;
      }
    }
  }

  /** The profile of what was added, sampled at `sampledAt` from `partitions` partitions. */
  finish(sampledAt: number, partitions: number, limited: boolean): TopicProfile {
    const n = this.records;
    const share = (k: number) => (n ? k / n : 0);
    const formats = this.formats.top(MAX_DISTINCT, n).list;
    const headers = this.headers.top(MAX_HEADERS, n);
    const types = this.types.top(MAX_TYPES, n);
    const sizes = this.sizes.sort((a, b) => a - b);
    return {
      topic: this.topic,
      sampledAt,
      records: n,
      partitions,
      partitionsSampled: this.sampledPartitions.size,
      bytes: this.bytes,
      limited,
      keyShare: share(this.keyed),
      format: (formats[0]?.name as ValueFormat | undefined) ?? null,
      formats: formats.map((f) => ({ format: f.name as ValueFormat, share: f.share })),
      schemaIds: this.schemaIds.top(MAX_SCHEMA_IDS, n).list.map((s) => ({ id: Number(s.name), share: s.share })),
      headers: headers.list,
      headersLimited: headers.limited,
      eventTypes: types.list.map((t) => ({ type: t.name, share: t.share })),
      eventTypesLimited: types.limited,
      eventTypesSeen: this.types.counts.size,
      eventTypeSource: this.typeSources.top(1, n).list[0]?.name ?? null,
      valueBytes: sizes.length
        ? { min: sizes[0]!, median: rank(sizes, 0.5), p95: rank(sizes, 0.95), max: sizes.at(-1)! }
        : null,
      trace: { headers: this.traceHeaders.top(MAX_HEADERS, n).list, share: share(this.traced) },
    };
  }
}

/** Topics whose profile carries trace or correlation headers (a default for TRACE_TOPICS), by name. */
export function suggestTraceTopics(profiles: Iterable<TopicProfile>, minShare = 0): string[] {
  const out: string[] = [];
  for (const p of profiles) if (p.trace.headers.length > 0 && p.trace.share > minShare) out.push(p.topic);
  return out.sort();
}
