/** Lag of one partition: end offset minus the committed offset; null when the group never committed there. */
export function partitionLag(committed: string, high: string): number | null {
  if (committed === "-1" || committed === "") return null;
  const lag = Number(BigInt(high) - BigInt(committed));
  return Math.max(lag, 0);
}

export interface LagSample {
  t: number;
  lag: number;
}

/**
 * A group's lag keeps growing when, over its last `window` samples, it never
 * went down and ended higher than it started: the consumers fall behind and
 * do not catch up (a one-off burst that is being drained is not flagged).
 */
export function isGrowing(samples: readonly LagSample[], window = 6): boolean {
  if (samples.length < window) return false;
  const last = samples.slice(-window);
  for (let i = 1; i < last.length; i++) if (last[i]!.lag < last[i - 1]!.lag) return false;
  return last[last.length - 1]!.lag > last[0]!.lag;
}

/** Keeps the most recent `capacity` samples. */
export class LagHistory {
  private readonly samples: LagSample[] = [];
  constructor(private readonly capacity: number) {}
  add(s: LagSample): void {
    this.samples.push(s);
    if (this.samples.length > this.capacity) this.samples.splice(0, this.samples.length - this.capacity);
  }
  all(): readonly LagSample[] {
    return this.samples;
  }
}
