import type { Admin, Consumer, Kafka } from "kafkajs";
import type { ServerStatus } from "../contract";
import type { Logger } from "../log";
import { backoffMs } from "./backoff";
import { describeKafkaFailure } from "./failure";
import type { KafkaSecurity } from "./security";
import { latestWhereUnset, type StartSeek } from "./start-offsets";
import type { Decoding } from "./decoding";
import { ingestBatch, type IngestedBatch } from "./ingested";
import type { RawMessage } from "./to-wire";
import { diffTopics, isApplicationTopic } from "./topics";

export type KafkaStatus = ServerStatus["kafka"];

export interface IngestOptions {
  /** The app's masking rules and Schema Registry decoder, applied as records are wrapped. */
  decoding: Decoding;
  kafka: Kafka;
  brokers: string[];
  /** Names the mechanism and user when authentication fails. */
  security: KafkaSecurity;
  groupId: string;
  startFrom: "latest" | "earliest";
  topicRefreshMs: number;
  /**
   * Which listed topics are read and listed (TOPICS_INCLUDE, TOPICS_EXCLUDE;
   * server/kafka/topics.ts `topicScope`); application topics by default.
   */
  inScope?: (topic: string) => boolean;
  log: Logger;
  /** Receives each consumed batch (one topic-partition), counted but not yet decoded; must not throw. */
  onBatch: (batch: IngestedBatch) => void;
  /**
   * Receives the raw records of batches from topics `keepWhole` selects
   * (dead-letter topics), before `onBatch`. Awaited: when it rejects, the
   * batch is not marked consumed, the consumer restarts and reads it again,
   * so nothing is lost when the database is briefly away.
   */
  keepWhole?: {
    select: (topic: string) => boolean;
    take: (topic: string, partition: number, messages: RawMessage[]) => Promise<void>;
  };
}

export interface Ingest {
  status(): KafkaStatus;
  /** Partition count per ingested topic, from the last metadata refresh. */
  partitions(): ReadonlyMap<string, number>;
  onStatus(listener: (s: KafkaStatus) => void): () => void;
  /**
   * Where the first consumer starts on partitions the group had no position
   * for (empty when it starts from the earliest records); resolves once known
   * (the saga replay ends there), or with nothing when stopped first.
   */
  startPositions(): Promise<StartSeek[]>;
  stop(): Promise<void>;
}

/**
 * Consumes every application topic in scope (TOPICS_INCLUDE / TOPICS_EXCLUDE) with a group of its own. One supervisor
 * loop owns (re)connection: kafkajs' own restart is disabled so that a broker
 * loss always surfaces as "disconnected" with a backoff we control.
 */
export function startIngest(opts: IngestOptions): Ingest {
  const { kafka, log } = opts;
  const inScope = opts.inScope ?? isApplicationTopic;
  const listeners = new Set<(s: KafkaStatus) => void>();
  let status: KafkaStatus = {
    state: "connecting",
    brokers: opts.brokers,
    since: Date.now(),
    topics: [],
    error: null,
    retryAt: null,
  };
  let stopped = false;
  let firstStart = true;
  /** Computed once: a retry of the first start must not move "latest" past records produced meanwhile. */
  let startSeeks: StartSeek[] | null = null;
  let announceStarts: (s: StartSeek[]) => void = () => undefined;
  const starts = new Promise<StartSeek[]>((resolve) => (announceStarts = resolve));
  let wake: (() => void) | null = null;
  let admin: Admin | null = null;
  let consumer: Consumer | null = null;
  let consumerFailure: Error | null = null;
  let partitions = new Map<string, number>();

  const setStatus = (patch: Partial<KafkaStatus>) => {
    const changedState = patch.state !== undefined && patch.state !== status.state;
    status = { ...status, ...patch, since: changedState ? Date.now() : status.since };
    for (const l of listeners) l(status);
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wake = null;
        resolve();
      }
      wake = done;
    });

  async function startConsumer(topics: string[], seeks: StartSeek[] = []): Promise<void> {
    const c = kafka.consumer({
      groupId: opts.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 250,
      // After a broker crash the old member cannot say goodbye; the group waits for its
      // session to expire before the new member gets partitions. Short sessions bound that gap.
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      retry: { retries: 3, restartOnFailure: async () => false },
    });
    c.on(c.events.CRASH, (e) => {
      consumerFailure = e.payload.error;
      wake?.();
    });
    await c.connect();
    consumer = c;
    if (topics.length === 0) return;
    await c.subscribe({ topics, fromBeginning: true });
    const running = c.run({
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        if (opts.keepWhole?.select(batch.topic))
          await opts.keepWhole.take(batch.topic, batch.partition, batch.messages);
        opts.onBatch(ingestBatch(batch.topic, batch.partition, batch.messages, opts.decoding));
      },
    });
    // Queued before the first fetch (run() creates the group synchronously);
    // kafkajs applies and commits them once the partitions are assigned.
    for (const s of seeks) c.seek(s);
    await running;
  }

  /** Partitions can be added to a topic at any time; re-read them with every refresh. */
  async function refreshPartitions(topics: string[]): Promise<void> {
    if (topics.length === 0) return void (partitions = new Map());
    const meta = await admin!.fetchTopicMetadata({ topics });
    partitions = new Map(meta.topics.map((t) => [t.name, t.partitions.length]));
  }

  async function teardown(): Promise<void> {
    const c = consumer;
    const a = admin;
    consumer = null;
    admin = null;
    await c?.disconnect().catch((e: unknown) => log.debug("consumer disconnect failed", { err: e }));
    await a?.disconnect().catch((e: unknown) => log.debug("admin disconnect failed", { err: e }));
  }

  async function connectOnce(): Promise<void> {
    admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter(inScope).sort();
    await refreshPartitions(topics);
    let seeks: StartSeek[] = [];
    if (firstStart && opts.startFrom === "latest") {
      startSeeks ??= await latestWhereUnset(admin, opts.groupId, topics);
      seeks = startSeeks;
      log.info("starting at the latest offsets", { partitions: seeks.length });
    }
    announceStarts(startSeeks ?? []);
    consumerFailure = null;
    // Reachable is reported now; joining the group can take up to a session timeout more.
    setStatus({ state: "connected", topics, error: null, retryAt: null });
    await startConsumer(topics, seeks);
    // Only now: a failed join must not lose the start position (it would replay everything).
    firstStart = false;
    log.info("ingesting", { topics: topics.length, groupId: opts.groupId });
  }

  /** Polls metadata; restarts the consumer when application topics appear or vanish. */
  async function watch(): Promise<void> {
    while (!stopped) {
      await sleep(opts.topicRefreshMs);
      if (stopped) return;
      if (consumerFailure) throw consumerFailure;
      const listed = await admin!.listTopics();
      await refreshPartitions(listed.filter(inScope));
      const change = diffTopics(new Set(status.topics), listed, inScope);
      if (change.added.length === 0 && change.removed.length === 0) continue;
      const topics = listed.filter(inScope).sort();
      log.info("topics changed; restarting consumer", { ...change });
      await consumer?.disconnect();
      consumer = null;
      await startConsumer(topics);
      setStatus({ topics });
    }
  }

  async function supervise(): Promise<void> {
    let attempt = 0;
    while (!stopped) {
      try {
        setStatus({ state: "connecting" });
        await connectOnce();
        attempt = 0;
        await watch();
      } catch (err) {
        if (stopped) break;
        await teardown();
        const delay = backoffMs(attempt++);
        const failure = describeKafkaFailure(err, opts.security);
        // A crashed consumer whose cause is not a refused login or certificate keeps its own code.
        const code = consumerFailure && failure.code === "KAFKA_UNREACHABLE" ? "KAFKA_CONSUMER_CRASHED" : failure.code;
        log.warn("kafka connection lost; retrying", { code, retryInMs: delay, error: failure.message });
        setStatus({
          state: "disconnected",
          error: { code, message: failure.message, retriable: true },
          retryAt: Date.now() + delay,
        });
        await sleep(delay);
      }
    }
  }

  const running = supervise();

  return {
    status: () => status,
    partitions: () => partitions,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    startPositions: () => starts,
    async stop() {
      stopped = true;
      announceStarts([]);
      wake?.();
      await teardown();
      await running;
    },
  };
}
