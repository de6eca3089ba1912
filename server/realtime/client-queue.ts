import type { WireRecord } from "../contract";

/**
 * Records waiting for one browser. Bounded: when a client falls behind, the
 * oldest records are dropped and counted, so a stalled tab can never grow the
 * server's memory. Pure; the hub decides when to drain.
 */
export class ClientQueue {
  private items: WireRecord[] = [];
  private droppedSinceDrain = 0;
  droppedTotal = 0;

  constructor(private readonly capacity: number) {}

  push(records: readonly WireRecord[]): void {
    for (const r of records) this.items.push(r);
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
  drain(max: number): { records: WireRecord[]; dropped: number } {
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
