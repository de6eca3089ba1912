/**
 * Records waiting for one browser. Bounded: when a client falls behind, the
 * oldest records are dropped and counted, so a stalled tab can never grow the
 * server's memory. Rate-limited: when more records match the client's
 * subscription than `maxPerSec`, an even sample of them is kept (every k-th,
 * k from the last second's rate) and the page says "showing N of M records/s".
 * Pure; the hub decides when to drain. Holds whatever the hub queues (it
 * queues ingested records and builds their previews only when it drains, so
 * a record dropped or sampled out is never decoded).
 */
export class ClientQueue<T> {
  private items: T[] = [];
  private droppedSinceDrain = 0;
  droppedTotal = 0;
  /** Matched but left out by sampling, since start (a policy, not a failure). */
  sampledOutTotal = 0;
  private second = -1;
  private matchedThisSecond = 0;
  private sentThisSecond = 0;
  private matchedLastSecond = 0;
  private sentLastSecond = 0;
  private carry = 0;

  constructor(
    private readonly capacity: number,
    private maxPerSec = Number.POSITIVE_INFINITY,
  ) {}

  /** Changes the per-second limit (the browser asked for fewer records per second). */
  setLimit(maxPerSec: number): void {
    this.maxPerSec = maxPerSec;
    this.carry = 0;
  }

  /** Records matched and kept per second, over the last complete second. */
  rate(now = Date.now()): { matchedPerSec: number; sentPerSec: number } {
    this.roll(now);
    return { matchedPerSec: this.matchedLastSecond, sentPerSec: this.sentLastSecond };
  }

  private roll(now: number): void {
    const sec = Math.floor(now / 1000);
    if (sec === this.second) return;
    const consecutive = sec === this.second + 1;
    this.matchedLastSecond = consecutive ? this.matchedThisSecond : 0;
    this.sentLastSecond = consecutive ? this.sentThisSecond : 0;
    this.matchedThisSecond = 0;
    this.sentThisSecond = 0;
    this.second = sec;
  }

  push(records: readonly T[], now = Date.now()): void {
    if (records.length === 0) return;
    this.roll(now);
    this.matchedThisSecond += records.length;
    if (Number.isFinite(this.maxPerSec)) {
      // Keep maxPerSec of every `rate` records, in integers (no float drift): an exact stride.
      const rate = Math.max(this.matchedLastSecond, this.matchedThisSecond, this.maxPerSec);
      for (const r of records) {
        this.carry += this.maxPerSec;
        if (this.carry >= rate && this.sentThisSecond < this.maxPerSec) {
          this.carry -= rate;
          this.sentThisSecond++;
          this.items.push(r);
        } else this.sampledOutTotal++;
      }
      if (this.carry > rate) this.carry = rate;
    } else {
      this.sentThisSecond += records.length;
      for (const r of records) this.items.push(r);
    }
    const excess = this.items.length - this.capacity;
    if (excess > 0) {
      this.items.splice(0, excess);
      this.droppedSinceDrain += excess;
      this.droppedTotal += excess;
    }
  }

  get size(): number {
    return this.items.length;
  }

  /** Takes up to `max` of the oldest records and the drop count since the last drain. */
  drain(max: number): { records: T[]; dropped: number } {
    const records = this.items.splice(0, max);
    const dropped = this.droppedSinceDrain;
    this.droppedSinceDrain = 0;
    return { records, dropped };
  }

  /** The client is gone or cannot take more right now: count what we throw away. */
  dropAll(): void {
    this.droppedSinceDrain += this.items.length;
    this.droppedTotal += this.items.length;
    this.items = [];
  }

  /** Forgets queued records on purpose (the browser changed its subscription): not counted as drops. */
  discard(): void {
    this.items = [];
  }
}
