import type { TopicProfile } from "../contract";
import type { Decoding } from "../kafka/decoding";
import { ingestBatch } from "../kafka/ingested";
import type { TopicSpans, TopicsRead } from "../kafka/reader";
import type { Logger } from "../log";
import { ProfileBuilder, type ProfileRules } from "./profile";

/** What profiles read with: the on-demand reader (server/kafka/reader.ts) in the app, a fake in unit tests. */
export interface ProfileReader {
  /** The last `count` offsets of every partition of each topic; topics that no longer exist left out. */
  plan(topics: string[], count: number): Promise<TopicSpans>;
  /** Reads the spans of several topics with one consumer. */
  read(plan: TopicSpans, read: TopicsRead): Promise<boolean>;
  /** One slot of the on-demand reads (RECORDS_MAX_READS); rejects with BUSY when they are full. */
  slot<T>(fn: () => Promise<T>): Promise<T>;
}

export interface ProfileLimits {
  /** PROFILE_INTERVAL_MS: how often a topic's profile is taken again, and the window the budgets below are per. */
  intervalMs: number;
  /** How often it looks for topics that are due (a new topic waits at most this long, budget allowing). */
  checkMs: number;
  /** A topic whose read failed is tried again after this long. */
  retryMs: number;
  recordsPerPartition: number;
  bytesPerPartition: number;
  /** Per interval: partitions planned and bytes read; topics beyond them wait for the next interval. */
  partitionsPerInterval: number;
  bytesPerInterval: number;
  /** One consumer (one limiter slot) reads at most this many topics and partitions. */
  topicsPerRead: number;
  partitionsPerRead: number;
  /** A read ends when no batch came for this long (a span ending in a transaction marker never delivers its end). */
  idleMs: number;
  timeoutMs: number;
}

export const defaultProfileLimits: ProfileLimits = {
  intervalMs: 5 * 60_000,
  checkMs: 5000,
  retryMs: 30_000,
  recordsPerPartition: 20,
  bytesPerPartition: 256 * 1024,
  partitionsPerInterval: 2000,
  bytesPerInterval: 16 * 1024 * 1024,
  topicsPerRead: 100,
  partitionsPerRead: 500,
  idleMs: 2000,
  timeoutMs: 30_000,
};

export interface ProfilerDeps {
  /** Every topic of the cluster with its partition count (the offset sampler's metadata). */
  topics: () => ReadonlyArray<{ topic: string; partitions: number }>;
  reader: ProfileReader;
  decoding: Decoding;
  rules: ProfileRules;
  log: Logger;
  now?: () => number;
  limits?: Partial<ProfileLimits>;
}

interface Entry {
  profile?: TopicProfile;
  /** Not before this time (0: at first sight). */
  dueAt: number;
}

const codeOf = (err: unknown) => (err as { code?: unknown })?.code;

/**
 * Takes topic profiles: at first sight of a topic and then every interval,
 * the last few records of each of its partitions, bounded per partition (in
 * records and bytes) and per interval (partitions and bytes). Topics beyond
 * the budget wait for the next interval, never profiled first, then the
 * oldest profile first. One read at a time, each one consumer (one slot of
 * the on-demand limiter) for up to `topicsPerRead` topics. Cost per
 * interval: about `recordsPerPartition` records of every partition, two
 * ListOffsets per topic, one consumer group per `partitionsPerRead`
 * partitions — whatever the traffic. Memory: one profile per topic (about
 * 1 KB, under 8 KB at worst, profile.ts), dropped when the topic goes.
 */
export class Profiler {
  private readonly entries = new Map<string, Entry>();
  private readonly limits: ProfileLimits;
  private readonly now: () => number;
  private windowStart = Number.NEGATIVE_INFINITY;
  private spentPartitions = 0;
  private spentBytes = 0;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly abort = new AbortController();
  /** Totals for /metrics. */
  readonly totals = { reads: 0, failures: 0, records: 0, bytes: 0 };

  constructor(private readonly deps: ProfilerDeps) {
    this.limits = { ...defaultProfileLimits, ...deps.limits };
    this.now = deps.now ?? Date.now;
  }

  /** The topic's last profile. */
  profile(topic: string): TopicProfile | undefined {
    return this.entries.get(topic)?.profile;
  }

  profiles(): TopicProfile[] {
    return [...this.entries.values()].flatMap((e) => (e.profile ? [e.profile] : []));
  }

  /** Whether the topic is listed now (profiled or waiting). */
  knows(topic: string): boolean {
    this.sync();
    return this.entries.has(topic);
  }

  /**
   * When an unprofiled topic should be profiled (an estimate: the queue ahead
   * of it against the budget left in this interval and the next ones).
   */
  expectedAt(topic: string): number | null {
    this.sync();
    const at = this.now();
    const e = this.entries.get(topic);
    if (!e) return null;
    const partitions = new Map(this.deps.topics().map((t) => [t.topic, t.partitions]));
    let ahead = 0;
    for (const name of this.queue(Number.POSITIVE_INFINITY)) {
      ahead += partitions.get(name) ?? 0;
      if (name === topic) break;
    }
    const windowEnd = this.windowStart + this.limits.intervalMs;
    const left =
      at >= windowEnd ? this.limits.partitionsPerInterval : this.limits.partitionsPerInterval - this.spentPartitions;
    const soon = Math.max(e.dueAt, at + this.limits.checkMs);
    if (ahead <= left) return soon;
    const windows = Math.ceil((ahead - left) / this.limits.partitionsPerInterval);
    return Math.max(soon, Math.max(windowEnd, at) + (windows - 1) * this.limits.intervalMs);
  }

  /** Profiles what is due now within the budget; one pass at a time (what the timer runs). */
  tick(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  start(): void {
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      void this.tick().then(() => {
        if (!this.stopped) this.timer = setTimeout(loop, this.limits.checkMs);
      });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort();
    await this.running;
  }

  /** Adds topics seen for the first time, forgets those gone. */
  private sync(): void {
    const listed = this.deps.topics();
    const names = new Set<string>();
    for (const t of listed) {
      names.add(t.topic);
      if (!this.entries.has(t.topic)) this.entries.set(t.topic, { dueAt: 0 });
    }
    for (const name of this.entries.keys()) if (!names.has(name)) this.entries.delete(name);
  }

  /** Topics due at `at`: never profiled first (in the order seen), then the oldest profile first. */
  private queue(at: number): string[] {
    const due = [...this.entries].filter(([, e]) => e.dueAt <= at);
    const never = due.filter(([, e]) => !e.profile);
    const old = due.filter(([, e]) => e.profile).sort(([, a], [, b]) => a.profile!.sampledAt - b.profile!.sampledAt);
    return [...never, ...old].map(([name]) => name);
  }

  private async pass(): Promise<void> {
    this.sync();
    const L = this.limits;
    const at = this.now();
    if (at - this.windowStart >= L.intervalMs) {
      this.windowStart = at;
      this.spentPartitions = 0;
      this.spentBytes = 0;
    }
    const partitions = new Map(this.deps.topics().map((t) => [t.topic, t.partitions]));
    const queue = this.queue(at);
    while (queue.length && !this.stopped) {
      if (this.spentBytes >= L.bytesPerInterval) return;
      const chunk: string[] = [];
      let chunkPartitions = 0;
      while (queue.length && chunk.length < L.topicsPerRead) {
        const p = partitions.get(queue[0]!) ?? 0;
        // A topic bigger than a whole budget is still read, alone, at the start of an interval.
        const fitsInterval = this.spentPartitions + chunkPartitions + p <= L.partitionsPerInterval;
        const alone = this.spentPartitions === 0 && chunk.length === 0;
        if (!fitsInterval && !alone) break;
        if (chunk.length && chunkPartitions + p > L.partitionsPerRead) break;
        chunk.push(queue.shift()!);
        chunkPartitions += p;
      }
      if (!chunk.length) return;
      this.spentPartitions += chunkPartitions;
      if (!(await this.read(chunk, partitions, chunkPartitions))) return;
    }
  }

  /** Reads one chunk of topics; false when the pass should stop (the limiter is full, the budget spent, stopped). */
  private async read(chunk: string[], partitions: Map<string, number>, planned: number): Promise<boolean> {
    const L = this.limits;
    const { reader, decoding, rules } = this.deps;
    const builders = new Map(chunk.map((t) => [t, new ProfileBuilder(t, rules)]));
    const limited = new Set<string>();
    const unfinished = new Map<string, Set<number>>();
    // The interval's byte budget ends the read; a topic not read to its ends then waits for the next interval.
    const cut = new AbortController();
    const onStop = () => cut.abort();
    this.abort.signal.addEventListener("abort", onStop, { once: true });
    try {
      const plan = await reader.slot(async () => {
        this.totals.reads++;
        const plan = await reader.plan(chunk, L.recordsPerPartition);
        for (const [topic, spans] of plan)
          unfinished.set(topic, new Set(spans.filter((s) => s.from !== s.end).map((s) => s.partition)));
        const ends = new Map(
          [...plan].map(([t, spans]) => [t, new Map(spans.map((s) => [s.partition, BigInt(s.end)]))]),
        );
        const bytes = new Map<string, number>();
        const take = (topic: string, partition: number, messages: Parameters<TopicsRead["take"]>[2]) => {
          const builder = builders.get(topic);
          if (!builder) return true;
          const k = `${topic}\u0000${partition}`;
          let used = bytes.get(k) ?? 0;
          const batch = ingestBatch(topic, partition, messages, decoding).records;
          for (let i = 0; i < batch.length; i++) {
            const r = batch[i]!;
            builder.add(r);
            used += r.size;
            this.spentBytes += r.size;
            this.totals.records++;
            this.totals.bytes += r.size;
            const last = BigInt(r.offset) + 1n >= ends.get(topic)!.get(partition)!;
            if (last) unfinished.get(topic)?.delete(partition);
            if (used >= L.bytesPerPartition && !last) {
              limited.add(topic);
              unfinished.get(topic)?.delete(partition);
              bytes.set(k, used);
              return true;
            }
          }
          bytes.set(k, used);
          if (this.spentBytes >= L.bytesPerInterval) cut.abort();
          return false;
        };
        await reader.read(plan, {
          take,
          signal: cut.signal,
          idleMs: L.idleMs,
          timeoutMs: L.timeoutMs,
          maxBytesPerPartition: L.bytesPerPartition,
        });
        return plan;
      });
      const at = this.now();
      for (const topic of chunk) {
        const e = this.entries.get(topic);
        if (!e) continue;
        const spans = plan.get(topic);
        // Gone since the list was read: the next metadata refresh drops it.
        if (!spans) {
          e.dueAt = at + L.retryMs;
          continue;
        }
        if (cut.signal.aborted && (unfinished.get(topic)?.size ?? 0) > 0) continue;
        e.profile = builders.get(topic)!.finish(at, partitions.get(topic) ?? spans.length, limited.has(topic));
        e.dueAt = at + L.intervalMs;
      }
      return !cut.signal.aborted;
    } catch (err) {
      // The on-demand reads are full (people are reading records): give the budget back, try at the next check.
      if (codeOf(err) === "BUSY") {
        this.spentPartitions -= planned;
        return false;
      }
      this.totals.failures++;
      this.deps.log.warn("topic profile read failed; will retry", { topics: chunk.length, err });
      const at = this.now();
      for (const topic of chunk) {
        const e = this.entries.get(topic);
        if (e) e.dueAt = at + L.retryMs;
      }
      return true;
    } finally {
      this.abort.signal.removeEventListener("abort", onStop);
    }
  }
}
