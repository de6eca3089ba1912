/**
 * Login throttling, pure (the caller passes the clock). Every attempt counts
 * as a failure from the moment it starts — so a burst of parallel guesses
 * cannot all pass the check before the first verdict — and a success takes
 * its own count back. Limits, in a sliding window:
 * - per user name and address: a guesser is stopped after a few tries, while
 *   the same user elsewhere (the real one) can still sign in;
 * - per address: one client spraying many user names;
 * - per user name, from anywhere, much higher: guessing spread over many addresses.
 * Past a limit, attempts are refused until the oldest count leaves the
 * window, whether the password is right or not, so the lock cannot be probed.
 */
export interface LimiterOptions {
  windowMs: number;
  maxPerUserAddress: number;
  maxPerAddress: number;
  maxPerUser: number;
  /** Most keys remembered; the stalest are forgotten first. */
  maxKeys: number;
}

export const defaultLimits: LimiterOptions = {
  windowMs: 15 * 60_000,
  maxPerUserAddress: 5,
  maxPerAddress: 20,
  maxPerUser: 100,
  maxKeys: 10_000,
};

export class LoginLimiter {
  private readonly counts = new Map<string, number[]>();

  constructor(private readonly opts: LimiterOptions = defaultLimits) {}

  private keys(username: string, address: string): Array<[string, number]> {
    const u = username.toLowerCase();
    return [
      [`ua:${u}\u0000${address}`, this.opts.maxPerUserAddress],
      [`a:${address}`, this.opts.maxPerAddress],
      [`u:${u}`, this.opts.maxPerUser],
    ];
  }

  /** 0 when an attempt may go ahead, else milliseconds until one may. */
  retryAfterMs(username: string, address: string, now: number): number {
    return Math.max(...this.keys(username, address).map(([k, max]) => this.wait(k, max, now)));
  }

  /**
   * Counts an attempt now (as a failure until told otherwise); returns the
   * function to call when it succeeded, which takes the count back and clears
   * this user's failures from this address.
   */
  begin(username: string, address: string, now: number): () => void {
    const keys = this.keys(username, address);
    for (const [k] of keys) this.note(k, now);
    return () => {
      this.counts.delete(keys[0]![0]);
      for (const [k] of keys.slice(1)) {
        const times = this.counts.get(k);
        const i = times?.lastIndexOf(now) ?? -1;
        if (times && i >= 0) times.splice(i, 1);
      }
    };
  }

  private wait(key: string, max: number, now: number): number {
    const times = this.recent(key, now);
    if (times.length < max) return 0;
    return times[times.length - max]! + this.opts.windowMs - now;
  }

  private recent(key: string, now: number): number[] {
    const times = this.counts.get(key);
    if (!times) return [];
    const kept = times.filter((t) => t > now - this.opts.windowMs);
    if (kept.length) this.counts.set(key, kept);
    else this.counts.delete(key);
    return kept;
  }

  private note(key: string, now: number): void {
    const times = this.recent(key, now);
    times.push(now);
    this.counts.delete(key); // re-insert: Map order is then least recently counted first
    this.counts.set(key, times.slice(-200));
    while (this.counts.size > this.opts.maxKeys) this.counts.delete(this.counts.keys().next().value!);
  }
}
