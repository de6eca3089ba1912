import { randomBytes } from "node:crypto";
import type { Admin, Consumer, Kafka } from "kafkajs";
import type { Logger } from "../log";
import { backoffMs, wakeableSleep } from "./backoff";
import { describeKafkaFailure } from "./failure";
import type { ReadKind } from "./interest";
import type { KafkaSecurity } from "./security";
import type { StartSeek } from "./start-offsets";

/** How often a reader that keeps positions commits them. */
const COMMIT_MS = 1000;

/** One reader's state, as /api/status shows it. */
export interface ReaderState {
  state: "starting" | "reading" | "retrying";
  since: number;
  error: { code: string; message: string } | null;
}

export interface TopicReaderOptions {
  kafka: Kafka;
  kind: ReadKind;
  topics: readonly string[];
  /** `kept` and `shared`: the group whose commits keep the positions. `live`: a prefix; a random suffix is added per reader. */
  groupId: string;
  /**
   * Where to start on partitions with no position yet, asked once before the
   * first join (a retry must not move "latest" past records produced
   * meanwhile). `live` readers are given the partitions' ends now.
   */
  startSeeks: (admin: Admin, groupId: string) => Promise<StartSeek[]>;
  /** Told the start seeks once known (the saga replay reads up to there). */
  onStarts?: (seeks: StartSeek[]) => void;
  security: KafkaSecurity;
  log: Logger;
  /** Each batch of one topic-partition; awaited: a rejection leaves the batch unacknowledged and the reader restarts on it. */
  onBatch: (topic: string, partition: number, messages: import("kafkajs").KafkaMessage[]) => Promise<void>;
  onState?: () => void;
}

export interface TopicReader {
  readonly kind: ReadKind;
  readonly topics: readonly string[];
  readonly groupId: string;
  state(): ReaderState;
  /** Resolves once stopped: the consumer has left its group, and a `live` reader's group is deleted. */
  stop(): Promise<void>;
}

/**
 * One kafkajs consumer over a fixed set of topics, in a group of its own,
 * supervised: a crash or a lost broker restarts only this reader, after a
 * backoff, and a `live` reader resumes at the record after the last one it
 * delivered (no gap, no duplicate) since it commits nothing. Costs one group
 * member (a heartbeat a second) and one fetch loop, whatever its traffic.
 */
export function startTopicReader(opts: TopicReaderOptions): TopicReader {
  const { kafka, log } = opts;
  const groupId = opts.kind === "live" ? `${opts.groupId}-${randomBytes(4).toString("hex")}` : opts.groupId;
  let state: ReaderState = { state: "starting", since: Date.now(), error: null };
  let stopped = false;
  let consumer: Consumer | null = null;
  let failure: Error | null = null;
  const { sleep, wake } = wakeableSleep();
  let seeks: StartSeek[] | null = null;
  /** Per partition, the offset after the last record delivered (where a restarted `live` reader goes on). */
  const next = new Map<string, StartSeek>();
  /** Per partition, the offset last committed (kept and shared readers). */
  const committedAt = new Map<string, string>();
  let commitTimer: NodeJS.Timeout | undefined;

  const setState = (s: ReaderState["state"], error: ReaderState["error"] = null) => {
    state = { state: s, since: s === state.state ? state.since : Date.now(), error };
    opts.onState?.();
  };

  async function runOnce(): Promise<void> {
    if (seeks === null) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        seeks = await opts.startSeeks(admin, groupId);
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
      opts.onStarts?.(seeks);
    }
    const c = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 500,
      // After a broker crash the old member cannot say goodbye; the group waits for its
      // session to expire before the new member gets partitions. Short sessions bound that gap.
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      retry: { retries: 3, restartOnFailure: async () => false },
    });
    failure = null;
    c.on(c.events.CRASH, (e) => {
      failure = e.payload.error;
      wake();
    });
    c.on(c.events.GROUP_JOIN, () => setState("reading"));
    consumer = c;
    await c.connect();
    if (stopped) return;
    await c.subscribe({ topics: [...opts.topics], fromBeginning: true });
    const live = opts.kind === "live";
    // Commits are ours, once a second, of what onBatch has finished with: kafkajs' autoCommit sends an
    // OffsetCommit after every batch whatever autoCommitInterval says (runner.js autoCommitOffsets), a
    // round trip per batch that cost watched topics a third of a bare consumer's rate.
    await c.run({
      autoCommit: false,
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        if (batch.messages.length === 0) return;
        await opts.onBatch(batch.topic, batch.partition, batch.messages);
        const last = batch.messages[batch.messages.length - 1]!;
        next.set(`${batch.topic}/${batch.partition}`, {
          topic: batch.topic,
          partition: batch.partition,
          offset: (BigInt(last.offset) + 1n).toString(),
        });
      },
    });
    // Queued before the first fetch (run() creates the group synchronously); applied once assigned.
    const at = new Map(seeks.map((s) => [`${s.topic}/${s.partition}`, s]));
    if (live) for (const [k, s] of next) at.set(k, s);
    for (const s of at.values()) c.seek(s);
    if (!live) {
      // Where they start is committed too (with the first commit), so a later start goes on from there.
      for (const [k, s] of at) if (!next.has(k)) next.set(k, s);
      // Committed groups take their seeks once: afterwards their commits say where they are.
      seeks = [];
      commitTimer ??= setInterval(() => void commit(), COMMIT_MS);
    }
  }

  /** Commits, for a reader that keeps positions, the offset after the last record each partition's onBatch finished. */
  async function commit(): Promise<void> {
    const c = consumer;
    if (!c || opts.kind === "live") return;
    const due = [...next.entries()].filter(([k, s]) => committedAt.get(k) !== s.offset);
    if (!due.length) return;
    try {
      await c.commitOffsets(due.map(([, s]) => s));
      for (const [k, s] of due) committedAt.set(k, s.offset);
    } catch (err) {
      // A rebalance or a broker away: the next tick commits again (records since are read again at worst).
      log.debug("commit failed; will retry", { groupId, err });
    }
  }

  async function supervise(): Promise<void> {
    let attempt = 0;
    while (!stopped) {
      try {
        await runOnce();
        attempt = 0;
        while (!stopped && !failure) await sleep(60_000);
        if (failure) throw failure;
      } catch (err) {
        if (stopped) break;
        const c = consumer;
        consumer = null;
        await c?.disconnect().catch(() => undefined);
        const delay = backoffMs(attempt++);
        const f = describeKafkaFailure(err, opts.security);
        log.warn("topic reader failed; retrying", {
          topics: opts.topics.length === 1 ? opts.topics[0] : opts.topics.length,
          kind: opts.kind,
          code: f.code,
          retryInMs: delay,
          error: f.message,
        });
        setState("retrying", { code: f.code, message: f.message });
        await sleep(delay);
        if (!stopped) setState("starting");
      }
    }
  }
  const running = supervise();

  return {
    kind: opts.kind,
    topics: opts.topics,
    groupId,
    state: () => state,
    async stop() {
      stopped = true;
      wake();
      clearInterval(commitTimer);
      // What was read is committed before the group is left: the next reader goes on from there.
      await commit();
      const c = consumer;
      consumer = null;
      await c?.disconnect().catch((err: unknown) => log.debug("reader disconnect failed", { err }));
      await running;
      if (opts.kind !== "live") return;
      // Its group has no members and no commits now; leave no trace of it on the broker.
      const admin = kafka.admin();
      try {
        await admin.connect();
        await admin.deleteGroups([groupId]);
      } catch (err) {
        log.debug("could not delete a tail reader's group", { groupId, err });
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
  };
}
