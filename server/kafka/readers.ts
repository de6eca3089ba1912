import type { Admin, Kafka, KafkaMessage } from "kafkajs";
import type { ReadReason, ServerStatus } from "../contract";
import type { Logger } from "../log";
import { backoffMs, wakeableSleep } from "./backoff";
import type { Decoding } from "./decoding";
import { describeKafkaFailure } from "./failure";
import { ingestBatch, type IngestedBatch } from "./ingested";
import { type Interests, Lingering, planReads, type ReadKind, tabsWant, type TopicRead } from "./interest";
import type { KafkaSecurity } from "./security";
import type { StartSeek } from "./start-offsets";
import { startTopicReader, type ReaderState, type TopicReader } from "./topic-reader";
import type { RawMessage } from "./to-wire";
import { isApplicationTopic } from "./topics";

export type KafkaStatus = ServerStatus["kafka"];

export interface ReadersOptions {
  decoding: Decoding;
  kafka: Kafka;
  brokers: string[];
  /** Names the mechanism and user when authentication fails. */
  security: KafkaSecurity;
  /** KAFKA_GROUP_ID: the shared reader's group, and the prefix of every other reader's. */
  groupId: string;
  startFrom: "latest" | "earliest";
  topicRefreshMs: number;
  /** TOPICS_INCLUDE / TOPICS_EXCLUDE (server/kafka/topics.ts `topicScope`); application topics by default. */
  inScope?: (topic: string) => boolean;
  /** Capabilities whose records must be read whole and at least once (saga, dead-letter topics). */
  kept: Interests["kept"];
  /** INGEST_TOPICS; none by default. */
  shared?: (topic: string) => boolean;
  /** TRACE_TOPICS, or what the topics' profiles suggest: why a topic is read for tracing, or false. */
  traced?: Interests["traced"];
  /** The tabs' subscriptions: the topics each names, or null for "every topic". */
  tabs: () => ReadonlyArray<{ topics: readonly string[] | null }>;
  /** A tab asking for every topic gets them while at most this many in-scope topics are not read anyway (TAIL_ALL_MAX_TOPICS). */
  tailAllMax: number;
  /** How long a tailed topic is still read after its last tab left (TAIL_LINGER_MS). */
  lingerMs: number;
  log: Logger;
  /** Every batch read (one topic-partition), counted but not yet decoded; must not throw. */
  onBatch: (batch: IngestedBatch) => void;
  /**
   * The raw records of batches from topics `keepWhole` selects, before
   * `onBatch`. Awaited: when it rejects the batch is not acknowledged, the
   * topic's reader restarts and reads it again (the database briefly away).
   */
  keepWhole?: {
    select: (topic: string) => boolean;
    take: (topic: string, partition: number, messages: RawMessage[]) => Promise<void>;
  };
  now?: () => number;
}

/** A read topic, as /api/status shows it. */
export interface ReadTopic {
  topic: string;
  kind: ReadKind;
  wantedBy: ReadReason[];
  reader: ReaderState;
}

export interface Readers {
  status(): KafkaStatus;
  /** Partition count per read topic, from the last metadata refresh. */
  partitions(): ReadonlyMap<string, number>;
  /** Every in-scope topic the cluster lists (sorted). */
  inScope(): readonly string[];
  isRead(topic: string): boolean;
  /** Read topics with their reasons and readers' states. */
  reading(): ReadTopic[];
  /** Whether a tab asking for every topic gets them now (false: the cluster is too big, it must choose). */
  tailAll(): boolean;
  /** An interest changed (a tab subscribed or left): plan again soon. */
  replan(): void;
  onStatus(listener: (s: KafkaStatus) => void): () => void;
  /**
   * Where the readers that keep positions start on partitions without one
   * (empty when they start from the earliest records), for the topics read
   * at the first plan; resolves once known (the saga replay ends there), or
   * with nothing when stopped first.
   */
  startPositions(): Promise<StartSeek[]>;
  stop(): Promise<void>;
}

/**
 * Which reader reads a topic: one per capability that keeps positions (its
 * topics together: the saga topics, the dead-letter topics), the shared
 * INGEST_TOPICS reader, or one per live topic.
 */
const keyOf = (t: TopicRead) =>
  t.kind === "shared" ? "shared" : t.kind === "kept" ? `kept:${t.wantedBy[0]!.capability}` : `live:${t.topic}`;

/**
 * Reads records only where something watches them: the union of the
 * capabilities' interests (server/kafka/interest.ts) decides which topics
 * are read, by readers that change independently — one per capability that
 * keeps positions (saga topics, dead-letter topics), the shared INGEST_TOPICS
 * reader, one per live topic (tails, TRACE_TOPICS) — so a tab arriving, a tail
 * ending or a new dead-letter topic starts or restarts one reader and never
 * rejoins the others. One admin connection lists the cluster's topics every
 * `topicRefreshMs` (one metadata request, whatever the topic count) and owns
 * the connection state; unread topics cost nothing here (their numbers come
 * from the offset sampler).
 */
export function startReaders(opts: ReadersOptions): Readers {
  const { kafka, log } = opts;
  const now = opts.now ?? Date.now;
  const inScopeOf = opts.inScope ?? isApplicationTopic;
  const listeners = new Set<(s: KafkaStatus) => void>();
  const lingering = new Lingering(opts.lingerMs);
  let status: KafkaStatus = {
    state: "connecting",
    brokers: opts.brokers,
    since: now(),
    topics: [],
    error: null,
    retryAt: null,
  };
  let stopped = false;
  let admin: Admin | null = null;
  let listed: string[] = [];
  let partitions = new Map<string, number>();
  let plan = new Map<string, TopicRead>();
  let tailAll = true;
  let tabsWanted: ReadonlyMap<string, number> = new Map();
  const readers = new Map<string, TopicReader>();
  const stopping = new Map<string, Promise<void>>();
  const { sleep, wake } = wakeableSleep();
  let replanSoon = false;

  let firstPlan = true;
  /** The first plan's readers that keep positions, until one of theirs knows where it starts. */
  const pendingStarts = new Map<string, (s: StartSeek[]) => void>();
  let announceStarts: (s: StartSeek[]) => void = () => undefined;
  const starts = new Promise<StartSeek[]>((resolve) => (announceStarts = resolve));

  const setStatus = (patch: Partial<KafkaStatus>) => {
    const changedState = patch.state !== undefined && patch.state !== status.state;
    status = { ...status, ...patch, since: changedState ? now() : status.since };
    for (const l of listeners) l(status);
  };

  const onBatch = async (topic: string, partition: number, messages: KafkaMessage[]) => {
    if (opts.keepWhole?.select(topic)) await opts.keepWhole.take(topic, partition, messages);
    opts.onBatch(ingestBatch(topic, partition, messages, opts.decoding));
  };

  /** The topics listed at the first plan: only their unset partitions start at the latest offset. */
  const startTopics = new Set<string>();
  /** Per such topic, its end offsets when a reader first asked: every later reader of it starts there too. */
  const firstEnds = new Map<string, Promise<Map<number, string>>>();
  const endsAtFirstRead = (a: Admin, topic: string) => {
    let ends = firstEnds.get(topic);
    if (!ends) {
      ends = a.fetchTopicOffsets(topic).then((r) => new Map(r.map((p) => [p.partition, p.high])));
      ends.catch(() => firstEnds.delete(topic));
      firstEnds.set(topic, ends);
    }
    return ends;
  };

  /**
   * Where a reader that keeps positions starts, per partition its group has
   * none for: where the single group of earlier versions (KAFKA_GROUP_ID)
   * had committed, so an upgrade loses nothing; else, for a topic listed at
   * the first plan with KAFKA_START_FROM=latest, its end offset when it was
   * first read (a shared reader started again with one more topic, before its
   * first commit, starts there again rather than at the earliest); else
   * nowhere: a topic that appeared later is read from its first record.
   */
  const keptSeeks = (topics: readonly string[]) => async (a: Admin, groupId: string) => {
    if (opts.startFrom === "earliest") return [];
    const committed = await a.fetchOffsets({ groupId, topics: [...topics] });
    const legacy = groupId === opts.groupId ? [] : await a.fetchOffsets({ groupId: opts.groupId, topics: [...topics] });
    const ends = new Map<string, Map<number, string>>();
    for (const { topic, partitions } of committed)
      if (startTopics.has(topic) && partitions.some((p) => p.offset === "-1"))
        ends.set(topic, await endsAtFirstRead(a, topic));
    const seeks = seeksWhereUnset(committed, legacy, ends);
    return seeks;
  };
  /** A tail starts at the end offsets now; a topic read for tracing that appeared after the first plan, at its first record. */
  const liveSeeks = (topic: string) => async (a: Admin) => {
    if (!startTopics.has(topic) && plan.get(topic)?.wantedBy.some((w) => w.capability === "traces")) return [];
    return (await a.fetchTopicOffsets(topic)).map((p) => ({ topic, partition: p.partition, offset: p.high }));
  };

  function startReader(key: string, kind: ReadKind, topics: string[], onStarts?: (s: StartSeek[]) => void) {
    const groupId =
      kind === "shared"
        ? opts.groupId
        : kind === "kept"
          ? `${opts.groupId}.${topics[0]}`
          : `${opts.groupId}-live-${topics[0]}`;
    const begin = () =>
      readers.set(
        key,
        startTopicReader({
          kafka,
          kind,
          topics,
          groupId,
          startSeeks: kind === "live" ? liveSeeks(topics[0]!) : keptSeeks(topics),
          onStarts,
          security: opts.security,
          log,
          onBatch,
          onState: () => announceReading(),
        }),
      );
    const previous = stopping.get(key);
    if (!previous) return begin();
    // The same topic was being stopped a moment ago: its group must be left first.
    const waiting = placeholder(kind, topics, groupId);
    readers.set(key, waiting);
    void previous.then(() => {
      if (!stopped && readers.get(key) === waiting) begin();
    });
  }
  function stopReader(key: string) {
    const r = readers.get(key);
    if (!r) return;
    readers.delete(key);
    const done = r.stop().finally(() => {
      if (stopping.get(key) === done) stopping.delete(key);
    });
    stopping.set(key, done);
  }

  /** The status names the topics whose reader has joined its group: from then on, nothing produced is missed. */
  function announceReading() {
    const reading = [...plan.values()]
      .filter((t) => readers.get(keyOf(t))?.state().state === "reading")
      .map((t) => t.topic);
    if (reading.join("\n") !== status.topics.join("\n")) setStatus({ topics: reading });
  }

  /** Applies the interests to the listed topics: starts the readers missing, stops those no longer wanted. */
  function reconcile() {
    const kept = opts.kept;
    const base = planReads(listed, {
      kept,
      shared: opts.shared ?? never,
      traced: opts.traced ?? never,
      tailed: new Map(),
    });
    const want = tabsWant(opts.tabs(), listed, (t) => base.has(t), opts.tailAllMax);
    tailAll = want.tailAll;
    tabsWanted = want.tailed;
    const tailed = lingering.update(want.tailed, now());
    const next = planReads(listed, { kept, shared: opts.shared ?? never, traced: opts.traced ?? never, tailed });
    const wanted = new Map<string, { kind: ReadKind; topics: string[] }>();
    for (const t of next.values()) {
      const key = keyOf(t);
      const w = wanted.get(key);
      if (w) w.topics.push(t.topic);
      else wanted.set(key, { kind: t.kind, topics: [t.topic] });
    }
    const shared = wanted.get("shared")?.topics ?? [];
    for (const [key, r] of readers) {
      const w = wanted.get(key);
      if (!w || w.topics.join("\n") !== r.topics.join("\n")) stopReader(key);
    }
    if (firstPlan) for (const t of listed) startTopics.add(t);
    const firstStarts: Array<Promise<StartSeek[]>> = [];
    if (firstPlan)
      for (const [key, w] of wanted)
        if (w.kind !== "live") firstStarts.push(new Promise((resolve) => pendingStarts.set(key, resolve)));
    // A first-plan key no longer read (its topics went) starts nowhere.
    for (const [key, resolve] of pendingStarts)
      if (!wanted.has(key)) {
        resolve([]);
        pendingStarts.delete(key);
      }
    for (const [key, w] of wanted) {
      if (readers.has(key)) continue;
      // Whichever reader of a first-plan key knows its start positions first tells (one stopped early, its successor).
      startReader(key, w.kind, w.topics, (seeks) => {
        pendingStarts.get(key)?.(seeks);
        pendingStarts.delete(key);
      });
    }
    if (firstPlan) {
      firstPlan = false;
      void Promise.all(firstStarts).then((all) => announceStarts(all.flat()));
    }
    const changed = [...next.keys()].join("\n") !== [...plan.keys()].join("\n");
    plan = next;
    if (changed) {
      log.info("reading", {
        topics: plan.size,
        kept: [...plan.values()].filter((t) => t.kind === "kept").length,
        shared: shared.length,
        live: [...plan.values()].filter((t) => t.kind === "live").length,
      });
    }
    announceReading();
  }

  async function refresh(): Promise<void> {
    listed = (await admin!.listTopics()).filter(inScopeOf).sort();
    // Only the read topics' (the offset sampler knows every topic's): partitions can be added at any time.
    const read = listed.filter((t) => plan.has(t));
    if (read.length === 0) return void (partitions = new Map());
    const meta = await admin!.fetchTopicMetadata({ topics: read });
    partitions = new Map(meta.topics.map((t) => [t.name, t.partitions.length]));
  }

  async function supervise(): Promise<void> {
    let attempt = 0;
    while (!stopped) {
      try {
        setStatus({ state: "connecting" });
        admin = kafka.admin();
        await admin.connect();
        await refresh();
        setStatus({ state: "connected", error: null, retryAt: null });
        attempt = 0;
        let lastRefresh = now();
        while (!stopped) {
          reconcile();
          const expiry = lingering.nextExpiry(tabsWanted);
          const untilRefresh = lastRefresh + opts.topicRefreshMs - now();
          const untilExpiry = expiry === null ? Number.POSITIVE_INFINITY : expiry - now() + 10;
          await sleep(Math.max(0, Math.min(untilRefresh, untilExpiry)));
          if (stopped) return;
          if (replanSoon) {
            replanSoon = false;
            continue;
          }
          if (now() - lastRefresh >= opts.topicRefreshMs) {
            await refresh();
            lastRefresh = now();
          }
        }
      } catch (err) {
        if (stopped) break;
        const a = admin;
        admin = null;
        await a?.disconnect().catch(() => undefined);
        const delay = backoffMs(attempt++);
        const failure = describeKafkaFailure(err, opts.security);
        log.warn("kafka connection lost; retrying", { code: failure.code, retryInMs: delay, error: failure.message });
        setStatus({
          state: "disconnected",
          error: { code: failure.code, message: failure.message, retriable: true },
          retryAt: now() + delay,
        });
        await sleep(delay);
      }
    }
  }
  const running = supervise();

  return {
    status: () => status,
    partitions: () => partitions,
    inScope: () => listed,
    isRead: (topic) => plan.has(topic),
    reading: () =>
      [...plan.values()].map((t) => ({
        ...t,
        reader: readers.get(keyOf(t))?.state() ?? { state: "starting", since: now(), error: null },
      })),
    tailAll: () => tailAll,
    replan() {
      if (status.state !== "connected") return;
      replanSoon = true;
      wake();
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    startPositions: () => starts,
    async stop() {
      stopped = true;
      announceStarts([]);
      wake();
      for (const key of [...readers.keys()]) stopReader(key);
      await Promise.all(stopping.values());
      await admin?.disconnect().catch((e: unknown) => log.debug("admin disconnect failed", { err: e }));
      await running;
    },
  };
}

const never = (): false => false;

type Committed = ReadonlyArray<{ topic: string; partitions: ReadonlyArray<{ partition: number; offset: string }> }>;

/**
 * Per partition without a committed offset ("-1") in `committed`: the
 * legacy group's commit, else the topic's end offset in `ends` (topics read
 * since the first plan), else no seek (read from the first record). Pure.
 */
export function seeksWhereUnset(
  committed: Committed,
  legacy: Committed,
  ends: ReadonlyMap<string, ReadonlyMap<number, string>>,
): StartSeek[] {
  const was = new Map<string, string>();
  for (const t of legacy)
    for (const p of t.partitions) if (p.offset !== "-1") was.set(`${t.topic}/${p.partition}`, p.offset);
  const seeks: StartSeek[] = [];
  for (const { topic, partitions } of committed)
    for (const { partition, offset } of partitions) {
      if (offset !== "-1") continue;
      const at = was.get(`${topic}/${partition}`) ?? ends.get(topic)?.get(partition);
      if (at !== undefined) seeks.push({ topic, partition, offset: at });
    }
  return seeks;
}

/** Stands for a reader waiting for the previous one of its topic to leave its group. */
function placeholder(kind: ReadKind, topics: string[], groupId: string): TopicReader {
  const since = Date.now();
  return {
    kind,
    topics,
    groupId,
    state: () => ({ state: "starting", since, error: null }),
    stop: async () => undefined,
  };
}
