/**
 * Per-second counters for a sliding window of recent seconds, per key
 * (a topic, "topic/partition", or the whole cluster). Pure: the caller passes
 * the clock. Memory per key is fixed: one slot per second of the window.
 */
export interface RatePoint {
  /** Epoch second the bucket covers. */
  t: number;
  records: number;
  bytes: number;
}

class Ring {
  readonly secs: Int32Array;
  readonly records: Float64Array;
  readonly bytes: Float64Array;
  constructor(size: number) {
    this.secs = new Int32Array(size).fill(-1);
    this.records = new Float64Array(size);
    this.bytes = new Float64Array(size);
  }
}

export class RateWindows {
  private rings = new Map<string, Ring>();

  constructor(readonly seconds = 300) {}

  add(key: string, nowMs: number, records: number, bytes: number): void {
    let ring = this.rings.get(key);
    if (!ring) this.rings.set(key, (ring = new Ring(this.seconds)));
    const sec = Math.floor(nowMs / 1000);
    const i = sec % this.seconds;
    if (ring.secs[i] !== sec) {
      ring.secs[i] = sec;
      ring.records[i] = 0;
      ring.bytes[i] = 0;
    }
    ring.records[i]! += records;
    ring.bytes[i]! += bytes;
  }

  /** The last `n` complete seconds before `nowMs`, oldest first, zeros where nothing arrived. */
  series(key: string, nowMs: number, n = 60): RatePoint[] {
    const ring = this.rings.get(key);
    const last = Math.floor(nowMs / 1000) - 1;
    const out: RatePoint[] = [];
    for (let sec = last - Math.min(n, this.seconds) + 1; sec <= last; sec++) {
      const i = sec % this.seconds;
      const hit = ring && ring.secs[i] === sec;
      out.push({ t: sec, records: hit ? ring.records[i]! : 0, bytes: hit ? ring.bytes[i]! : 0 });
    }
    return out;
  }

  /** Average per second over the last `over` complete seconds. */
  rate(key: string, nowMs: number, over = 5): { recordsPerSec: number; bytesPerSec: number } {
    const s = this.series(key, nowMs, over);
    const sum = s.reduce((a, p) => ({ r: a.r + p.records, b: a.b + p.bytes }), { r: 0, b: 0 });
    return { recordsPerSec: sum.r / over, bytesPerSec: sum.b / over };
  }

  keys(): string[] {
    return [...this.rings.keys()];
  }
}
