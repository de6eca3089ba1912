/**
 * Login throttling, pure (the caller passes the clock). Failures are counted
 * per user name and per client address in a sliding window; past the limit,
 * attempts are refused until the oldest failure leaves the window, whether
 * the password is right or not, so guessing cannot probe through the lock.
 * A success clears the user name's failures (not the address's).
 */
export interface LimiterOptions {
  windowMs: number;
  maxPerUser: number;
  maxPerAddress: number;
  /** Most keys remembered; the stalest are forgotten first. */
  maxKeys: number;
}

export const defaultLimits: LimiterOptions = { windowMs: 15 * 60_000, maxPerUser: 5, maxPerAddress: 20, maxKeys: 10_000 };

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly opts: LimiterOptions = defaultLimits) {}

  /** 0 when an attempt may go ahead, else milliseconds until one may. */
  retryAfterMs(username: string, address: string, now: number): number {
    return Math.max(this.wait(`u:${username.toLowerCase()}`, this.opts.maxPerUser, now), this.wait(`a:${address}`, this.opts.maxPerAddress, now));
  }

  failed(username: string, address: string, now: number): void {
    this.note(`u:${username.toLowerCase()}`, now);
    this.note(`a:${address}`, now);
  }

  succeeded(username: string): void {
    this.failures.delete(`u:${username.toLowerCase()}`);
  }

  private wait(key: string, max: number, now: number): number {
    const times = this.recent(key, now);
    if (times.length < max) return 0;
    return times[times.length - max]! + this.opts.windowMs - now;
  }

  private recent(key: string, now: number): number[] {
    const times = this.failures.get(key);
    if (!times) return [];
    const kept = times.filter((t) => t > now - this.opts.windowMs);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  private note(key: string, now: number): void {
    const times = this.recent(key, now);
    times.push(now);
    this.failures.delete(key); // re-insert: Map order is then least recently failed first
    this.failures.set(key, times.slice(-100));
    while (this.failures.size > this.opts.maxKeys) this.failures.delete(this.failures.keys().next().value!);
  }
}
