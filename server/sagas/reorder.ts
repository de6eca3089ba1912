/**
 * Holds items for `windowMs` after they arrive and releases them ordered by
 * their own time. A backlog read after a restart arrives topic by topic, not
 * in time order; a saga spans topics, so its events must be re-sorted.
 */
export class ReorderBuffer<T> {
  private items: Array<{ arrived: number; item: T }> = [];

  constructor(
    private readonly windowMs: number,
    private readonly timeOf: (item: T) => number,
    /** Above this many held items everything is released at once (memory stays bounded). */
    private readonly max: number,
  ) {}

  get size(): number {
    return this.items.length;
  }

  /** Adds items; returns items to apply now when the buffer overflowed. */
  add(items: readonly T[], now: number): T[] {
    for (const item of items) this.items.push({ arrived: now, item });
    return this.items.length > this.max ? this.release(now, true) : [];
  }

  /** Items that have waited the window (or all), oldest item time first; stable for equal times. */
  release(now: number, all = false): T[] {
    const cutoff = now - this.windowMs;
    const ready = all ? this.items : this.items.filter((x) => x.arrived <= cutoff);
    if (ready.length === 0) return [];
    this.items = all ? [] : this.items.filter((x) => x.arrived > cutoff);
    return ready.map((x) => x.item).sort((a, b) => this.timeOf(a) - this.timeOf(b));
  }
}
