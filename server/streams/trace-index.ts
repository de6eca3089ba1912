import type { Preview, TraceHop, TraceView } from "../contract";
import type { IngestedRecord } from "../kafka/ingested";
import { preview } from "../kafka/preview";

/** Ids longer than this are not looked for: header values and keys longer than it are not ids. */
const SHORT = 200;
const VALUE = 500;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);
const W3C = /^00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;
const TRACE_ID = /^[0-9a-f]{32}$/;
/** "00-" + 32 + "-" + 16 + "-" + 2. */
const TRACEPARENT_BYTES = 55;

/** The text a header value or key is found by: decoded as the browser would see it (text or JSON, not hex), short and non-empty; else null. */
function idText(p: Preview): string | null {
  return (p.encoding === "text" || p.encoding === "json") && p.text.length > 0 && p.text.length <= SHORT
    ? p.text
    : null;
}

/**
 * The recent records, to find every one carrying an id: the W3C trace id of
 * `traceparent`, CloudEvents `ce_id`/`ce_subject`, saga and correlation
 * headers, and in fact any header value and the key (as text).
 *
 * Ingest only appends a reference to the consumed record (O(1), no decoding):
 * a lookup is rare and scans the ring, comparing the id's bytes with header
 * and key bytes natively and decoding only the records that match. An index
 * by id, kept at ingest, cost more than everything else ingest did (a preview
 * of every header, key and value, and a Set per id) to speed up a request a
 * person makes now and then. Bounded by record count, age and bytes: the
 * records hold kafkajs' buffers, so `maxBytes` bounds what they keep alive;
 * a full ring forgets its oldest records first.
 */
export class TraceIndex {
  private readonly recs: Array<IngestedRecord | undefined>;
  private readonly ats: Float64Array;
  /** Slot of the oldest record. */
  private tail = 0;
  private count = 0;
  private bytes = 0;

  constructor(
    private readonly capacity: number,
    private readonly maxAgeMs: number,
    private readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {
    this.recs = new Array(capacity);
    this.ats = new Float64Array(capacity);
  }

  add(records: readonly IngestedRecord[], now: number): void {
    for (const r of records) {
      if (this.count === this.capacity) this.evict();
      const slot = (this.tail + this.count) % this.capacity;
      this.recs[slot] = r;
      this.ats[slot] = now;
      this.count++;
      this.bytes += r.size;
    }
    while (this.bytes > this.maxBytes && this.count > 1) this.evict();
  }

  private evict(): void {
    const r = this.recs[this.tail];
    this.recs[this.tail] = undefined;
    this.tail = (this.tail + 1) % this.capacity;
    this.count--;
    this.bytes -= r?.size ?? 0;
  }

  /** Every kept record carrying `id`, oldest first, with how it matched; records older than the age limit are left out. */
  find(id: string, now: number): TraceHop[] {
    const match = hopMatcher(id);
    if (!match) return [];
    const out: TraceHop[] = [];
    for (let i = 0; i < this.count; i++) {
      const slot = (this.tail + i) % this.capacity;
      if (now - this.ats[slot]! > this.maxAgeMs) continue;
      const hop = match(this.recs[slot]!);
      if (hop) out.push(hop);
    }
    return sortHops(out);
  }

  get size(): number {
    return this.count;
  }
}

/** Oldest first; ties by id, so the order does not depend on the order records were read in. */
export const sortHops = (hops: TraceHop[]): TraceHop[] =>
  hops.sort((a, b) => a.timestamp - b.timestamp || a.id.localeCompare(b.id));

/**
 * The matcher of one id, shared by the index and the on-demand scan
 * (trace-scan.ts) so both find an id by the same rules: the record's hop
 * with how it matched, or undefined. Null for an id that is never looked for
 * (empty, or longer than any id).
 */
export function hopMatcher(id: string): ((r: IngestedRecord) => TraceHop | undefined) | null {
  if (id.length === 0 || id.length > SHORT) return null;
  const want = Buffer.from(id, "utf8");
  const traceId = TRACE_ID.test(id);
  return (r) => {
    const matchedBy = matchOf(r, id, want, traceId);
    return matchedBy === undefined ? undefined : { ...hopOf(r), matchedBy };
  };
}

/**
 * How `r` carries `id`, in the order ids were always matched: its headers in
 * order (a `traceparent` by its value, then by its W3C trace id), then its
 * key; undefined when it does not. Bytes are compared first (length and
 * first byte in JavaScript, the rest natively, nothing allocated); only an
 * equal header or key is decoded to check it is text.
 */
function matchOf(r: IngestedRecord, id: string, want: Buffer, traceId: boolean): string | undefined {
  const headers = r.message.headers;
  if (headers) {
    for (const name in headers) {
      const raw = headers[name];
      if (raw === undefined || raw === null) continue;
      if (!Array.isArray(raw)) {
        const m = headerMatch(name, raw, id, want, traceId);
        if (m !== undefined) return m;
        continue;
      }
      for (const v of raw) {
        const m = headerMatch(name, v, id, want, traceId);
        if (m !== undefined) return m;
      }
    }
  }
  const key = r.message.key;
  if (key && sameBytes(key, want)) {
    const p = r.key();
    if (p.encoding === "text" && idText(p) === id) return "key";
  }
  return undefined;
}

const sameBytes = (v: Buffer, want: Buffer) => v.length === want.length && v[0] === want[0] && v.equals(want);

function headerMatch(
  name: string,
  v: Buffer | string | null | undefined,
  id: string,
  want: Buffer,
  traceId: boolean,
): string | undefined {
  if (v === undefined || v === null) return undefined;
  if ((typeof v === "string" ? v === id : sameBytes(v, want)) && idText(preview(v)) === id) return name;
  if (traceId && name === "traceparent" && v.length === TRACEPARENT_BYTES) {
    // "00-<trace id>-…": the id's bytes at 3..35, compared in place before anything is decoded.
    const at =
      typeof v === "string"
        ? v.startsWith(id, 3)
        : v[3] === want[0] && v[34] === want[31] && want.compare(v, 3, 35) === 0;
    if (!at) return undefined;
    const text = idText(preview(v));
    if (text !== null && W3C.exec(text)?.[1] === id) return "traceparent";
  }
  return undefined;
}

/** The hop's summary, built from the record's previews when it is found (not kept: a common id can match the whole ring). */
function hopOf(r: IngestedRecord): TraceHop {
  const w = r.transientWire();
  const headers: TraceHop["headers"] = [];
  for (const h of w.headers)
    if (h.value.encoding !== "hex" && h.value.encoding !== "null")
      headers.push({ name: h.name, value: clip(h.value.text, SHORT) });
  return {
    id: w.id,
    topic: w.topic,
    partition: w.partition,
    offset: w.offset,
    timestamp: w.timestamp,
    key: w.key.encoding === "null" ? null : clip(w.key.text, SHORT),
    headers,
    value: clip(w.value.text, VALUE),
    size: w.size,
  };
}

/** Hops grouped by topic with the gap from each hop to the next (across topics). */
export function traceView(id: string, hops: TraceHop[]): TraceView {
  const gaps = hops.slice(1).map((h, i) => ({ from: hops[i]!.id, to: h.id, ms: h.timestamp - hops[i]!.timestamp }));
  const topics = [...new Set(hops.map((h) => h.topic))];
  return { id, hops, topics, gaps, spanMs: hops.length ? hops[hops.length - 1]!.timestamp - hops[0]!.timestamp : 0 };
}
