import { randomBytes } from "node:crypto";
import type { Admin, Kafka } from "kafkajs";
import { normalise } from "../kafka/normalise";
import type { Logger } from "../log";
import type { BrokenDefinition, SagaDefinition } from "./definition";
import type { SagaEvent } from "./engine";
import type { SagaRecord } from "./extract";
import { SagaRegistry, type RegistryLimits } from "./registry";
import { ReorderBuffer } from "./reorder";

export interface CatchUp {
  state: "idle" | "catching-up" | "live" | "failed";
  /** Records read so far and to read in the lookback window. */
  read: number;
  total: number;
  since: number | null;
  error: string | null;
  /** Events dropped because the replay buffer was full (order across chunks is then approximate). */
  overflow: number;
}

/**
 * What the replay needs of a Kafka client: an admin for the window's offsets
 * and a consumer to read it. A `Kafka` is one; tests pass an admin that
 * answers offsets and never reach the consumer.
 */
export interface ReplayKafka {
  admin(): Pick<
    Admin,
    "connect" | "disconnect" | "listTopics" | "fetchTopicOffsets" | "fetchTopicOffsetsByTimestamp" | "deleteGroups"
  >;
  consumer: Kafka["consumer"];
}

export interface SagaRuntimeOptions {
  kafka: ReplayKafka;
  log: Logger;
  definitions: SagaDefinition[];
  broken: BrokenDefinition[];
  limits: RegistryLimits;
  lookbackHours: number;
  /** Events buffered during the replay (sorted by time before applying). */
  replayBuffer: number;
  /**
   * Live records wait this long and are applied in timestamp order: a
   * backlog read after a restart arrives topic by topic, not in time order,
   * and a saga spans topics.
   */
  reorderMs?: number;
  now?: () => number;
  /**
   * Where live ingest starts on partitions it had no committed position for
   * (resolved once it has looked). The replay ends exactly there, so no
   * record falls between the replay and the live stream. Without it the
   * replay ends at the partitions' end when it starts.
   */
  liveStartsAt?: () => Promise<Array<{ topic: string; partition: number; offset: string }>>;
}

/**
 * Owns the saga projections: replays the saga topics from the lookback window
 * on start (offsets-for-times), then applies live records. Live records that
 * arrive during the replay wait in a buffer, so events are applied in time
 * order; the replay's own events are sorted by timestamp before they are
 * applied (Kafka orders only within a partition, and a saga spans topics).
 */
export function createSagaRuntime(opts: SagaRuntimeOptions) {
  const { kafka, log } = opts;
  const now = opts.now ?? Date.now;
  const registry = new SagaRegistry(opts.definitions, opts.limits);
  const topics = [...registry.topics()];
  let catchUp: CatchUp = { state: "idle", read: 0, total: 0, since: null, error: null, overflow: 0 };
  let pendingLive: SagaRecord[] = [];
  let droppedLive = 0;
  let stopped = false;
  let stopReplay: (() => Promise<void>) | null = null;

  const reorderMs = opts.reorderMs ?? 1000;
  const byTime = (a: SagaRecord, b: SagaRecord) => a.timestamp - b.timestamp;
  const reorder = new ReorderBuffer<SagaRecord>(reorderMs, (r) => r.timestamp, opts.replayBuffer);
  const drain = (all = false) => {
    for (const r of reorder.release(now(), all)) registry.ingest(r);
  };
  const tick = setInterval(() => registry.tick(now()), 1000);
  tick.unref();
  const drainTimer = setInterval(() => drain(), Math.max(50, Math.min(250, reorderMs / 4)));
  drainTimer.unref();

  let signalStop: () => void = () => undefined;
  const stopping = new Promise<void>((resolve) => (signalStop = resolve));
  /** Per partition, the offset the replay read up to: live records below it were applied already (ingest resuming from an older commit). */
  const replayedUpTo = new Map<string, bigint>();
  const replayed = (r: SagaRecord) => {
    const upTo = replayedUpTo.get(`${r.topic}/${r.partition}`);
    return upTo !== undefined && BigInt(r.offset) < upTo;
  };

  async function replay(): Promise<void> {
    if (topics.length === 0) {
      catchUp = { ...catchUp, state: "live" };
      return;
    }
    const since = now() - opts.lookbackHours * 3600_000;
    catchUp = { state: "catching-up", read: 0, total: 0, since, error: null, overflow: 0 };
    // Waits for live ingest to know where it starts (Kafka may be away); a stop ends the wait.
    const known = opts.liveStartsAt ? await Promise.race([opts.liveStartsAt(), stopping.then(() => [])]) : [];
    const liveStarts = new Map(known.map((s) => [`${s.topic}/${s.partition}`, BigInt(s.offset)]));
    if (stopped) return;
    const admin = kafka.admin();
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const starts: Array<{ topic: string; partition: number; offset: string }> = [];
    const ends = new Map<string, bigint>();
    for (const topic of topics.filter((t) => existing.has(t))) {
      const high = await admin.fetchTopicOffsets(topic);
      const at = await admin.fetchTopicOffsetsByTimestamp(topic, since);
      for (const h of high) {
        const from = at.find((a) => a.partition === h.partition)?.offset ?? "-1";
        // Up to where live ingest takes over (or the end now, when it resumes from its own commit).
        const end = liveStarts.get(`${topic}/${h.partition}`) ?? BigInt(h.high);
        replayedUpTo.set(`${topic}/${h.partition}`, end);
        const start = from === "-1" ? end : BigInt(from) < end ? BigInt(from) : end;
        if (start >= end) continue;
        starts.push({ topic, partition: h.partition, offset: start.toString() });
        ends.set(`${topic}/${h.partition}`, end);
        catchUp.total += Number(end - start);
      }
    }
    await admin.disconnect();
    const buffer: Array<{ saga: string; event: SagaEvent }> = [];
    const flush = () => {
      buffer.sort((a, b) => a.event.timestamp - b.event.timestamp);
      for (const e of buffer) registry.apply(e.saga, e.event);
      buffer.length = 0;
    };
    if (starts.length > 0) {
      const groupId = `sagascope-replay-${randomBytes(6).toString("hex")}`;
      const consumer = kafka.consumer({
        groupId,
        sessionTimeout: 10_000,
        heartbeatInterval: 1000,
        maxWaitTimeInMs: 250,
        retry: { retries: 5 },
      });
      let finish: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (finish = resolve));
      stopReplay = async () => {
        finish();
        await consumer.disconnect().catch(() => undefined);
      };
      await consumer.connect();
      await consumer.subscribe({ topics: [...new Set(starts.map((s) => s.topic))], fromBeginning: true });
      const remaining = new Set(ends.keys());
      const running = consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const key = `${batch.topic}/${batch.partition}`;
          const end = ends.get(key);
          if (end === undefined || !remaining.has(key)) return;
          for (const m of batch.messages) {
            if (BigInt(m.offset) >= end) break;
            catchUp.read++;
            for (const e of registry.extract(normalise(batch.topic, batch.partition, m))) {
              if (buffer.length >= opts.replayBuffer) {
                catchUp.overflow++;
                flush();
              }
              buffer.push(e);
            }
          }
          const last = batch.messages.at(-1);
          if (last && BigInt(last.offset) + 1n >= end) {
            remaining.delete(key);
            if (remaining.size === 0) finish();
          }
        },
      });
      for (const s of starts) consumer.seek(s);
      // A partition whose last offsets are transaction markers never delivers
      // its end offset: when reading stalls, the replay ends with what it has.
      let lastRead = -1;
      let still = 0;
      const stall = setInterval(() => {
        still = catchUp.read === lastRead ? still + 1 : 0;
        lastRead = catchUp.read;
        if (still >= 10) {
          log.warn("saga replay stalled; continuing live", { read: catchUp.read, total: catchUp.total });
          finish();
        }
      }, 1000);
      await running;
      await done;
      clearInterval(stall);
      stopReplay = null;
      await consumer.disconnect();
      const cleanup = kafka.admin();
      await cleanup.connect();
      await cleanup.deleteGroups([groupId]).catch(() => undefined);
      await cleanup.disconnect();
    }
    if (stopped) return;
    flush();
    for (const r of pendingLive.sort(byTime)) if (!replayed(r)) registry.ingest(r);
    pendingLive = [];
    catchUp = { ...catchUp, state: "live" };
    log.info("saga replay done", {
      records: catchUp.read,
      lookbackHours: opts.lookbackHours,
      sagas: topics.length ? registry.definitions().length : 0,
      droppedLive,
    });
  }

  const replaying = replay().catch((err: unknown) => {
    catchUp = { ...catchUp, state: "failed", error: (err as Error).message ?? String(err) };
    log.warn("saga replay failed; showing live data only", { err });
    for (const r of pendingLive.sort(byTime)) registry.ingest(r);
    pendingLive = [];
  });

  return {
    registry,
    topics: () => new Set(topics),
    broken: () => opts.broken,
    catchUp: () => ({ ...catchUp }),
    /** Records from live ingest, for the saga topics. */
    live(records: SagaRecord[]): void {
      if (catchUp.state === "catching-up" || catchUp.state === "idle") {
        for (const r of records) {
          if (pendingLive.length >= opts.replayBuffer) {
            pendingLive.shift();
            droppedLive++;
          }
          pendingLive.push(r);
        }
        return;
      }
      for (const r of reorder.add(
        records.filter((x) => !replayed(x)),
        now(),
      ))
        registry.ingest(r);
    },
    async stop(): Promise<void> {
      stopped = true;
      signalStop();
      clearInterval(tick);
      clearInterval(drainTimer);
      drain(true);
      await stopReplay?.();
      await replaying;
    },
  };
}

export type SagaRuntime = ReturnType<typeof createSagaRuntime>;
