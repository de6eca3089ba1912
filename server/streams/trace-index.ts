import type { WireRecord } from "../contract";

/** A record as the trace view keeps it: small, whatever the record's size. */
export interface TraceHop {
  id: string;
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  key: string | null;
  headers: Array<{ name: string; value: string }>;
  value: string;
  size: number;
  /** Which header (or "key", or "traceparent") matched the searched id. */
  matchedBy?: string;
}

const SHORT = 200;
const VALUE = 500;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);
const W3C = /^00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * A bounded index of recent records by every id they carry: the W3C trace id
 * of `traceparent`, CloudEvents `ce_id`/`ce_subject`, saga and correlation
 * headers, and in fact any header value and the key. Capacity and age are
 * bounded; a full index forgets its oldest records first.
 */
export class TraceIndex {
  private readonly ring: Array<{ hop: TraceHop; keys: Array<[string, string]>; at: number } | undefined>;
  private next = 0;
  private readonly byKey = new Map<string, Set<number>>();

  constructor(
    private readonly capacity: number,
    private readonly maxAgeMs: number,
  ) {
    this.ring = new Array(capacity);
  }

  add(records: readonly WireRecord[], now: number): void {
    for (const r of records) this.addOne(r, now);
  }

  private addOne(r: WireRecord, now: number): void {
    const slot = this.next;
    this.next = (this.next + 1) % this.capacity;
    this.forget(slot);
    const keys: Array<[string, string]> = [];
    const headers: TraceHop["headers"] = [];
    for (const h of r.headers) {
      if (h.value.encoding === "hex" || h.value.encoding === "null") continue;
      const v = h.value.text;
      headers.push({ name: h.name, value: clip(v, SHORT) });
      if (v.length === 0 || v.length > SHORT) continue;
      keys.push([v, h.name]);
      const w3c = h.name === "traceparent" ? W3C.exec(v) : null;
      if (w3c) keys.push([w3c[1]!, "traceparent"]);
    }
    if (r.key.encoding === "text" && r.key.text && r.key.text.length <= SHORT) keys.push([r.key.text, "key"]);
    const hop: TraceHop = {
      id: r.id,
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      timestamp: r.timestamp,
      key: r.key.encoding === "null" ? null : clip(r.key.text, SHORT),
      headers,
      value: clip(r.value.text, VALUE),
      size: r.size,
    };
    this.ring[slot] = { hop, keys, at: now };
    for (const [k] of keys) {
      let set = this.byKey.get(k);
      if (!set) this.byKey.set(k, (set = new Set()));
      set.add(slot);
    }
  }

  private forget(slot: number): void {
    const old = this.ring[slot];
    if (!old) return;
    for (const [k] of old.keys) {
      const set = this.byKey.get(k);
      set?.delete(slot);
      if (set && set.size === 0) this.byKey.delete(k);
    }
    this.ring[slot] = undefined;
  }

  /** Every indexed record carrying `id`, oldest first, with how it matched; records older than the age limit are left out. */
  find(id: string, now: number): TraceHop[] {
    const slots = this.byKey.get(id);
    if (!slots) return [];
    const out: TraceHop[] = [];
    for (const slot of slots) {
      const e = this.ring[slot];
      if (!e || now - e.at > this.maxAgeMs) continue;
      out.push({ ...e.hop, matchedBy: e.keys.find(([k]) => k === id)?.[1] });
    }
    return out.sort((a, b) => a.timestamp - b.timestamp || a.id.localeCompare(b.id));
  }

  get size(): number {
    return this.ring.reduce((n, e) => n + (e ? 1 : 0), 0);
  }
}

/** Hops grouped by topic with the gap from each hop to the next (across topics). */
export function traceView(id: string, hops: TraceHop[]) {
  const gaps = hops.slice(1).map((h, i) => ({ from: hops[i]!.id, to: h.id, ms: h.timestamp - hops[i]!.timestamp }));
  const topics = [...new Set(hops.map((h) => h.topic))];
  return { id, hops, topics, gaps, spanMs: hops.length ? hops[hops.length - 1]!.timestamp - hops[0]!.timestamp : 0 };
}
