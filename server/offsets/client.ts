import {
  Admin,
  type ClusterMetadata,
  type Connection,
  kGetApi,
  kGetConnection,
  kMetadata,
  type SASLOptions,
} from "@platformatic/kafka";
import type { ConnectionOptions } from "node:tls";
import type { KafkaConnection } from "../kafka/client";
import { tlsOptions, type KafkaSecurity } from "../kafka/security";
import { isApplicationTopic } from "../kafka/topics";

/** What the sampler needs from a Kafka client: the topic list with partition counts, and offsets of many partitions at once. */
export interface OffsetClient {
  /** Non-internal topics and their partition counts (Metadata). */
  topics(): Promise<Array<{ topic: string; partitions: number }>>;
  /**
   * The earliest or latest offset of every given partition, in one
   * ListOffsets request per partition leader (not one per topic).
   */
  offsets(
    side: "earliest" | "latest",
    topics: ReadonlyArray<{ topic: string; partitions: number }>,
  ): Promise<Array<{ topic: string; partition: number; offset: number }>>;
  /**
   * Every given partition's log size in bytes on its leader: one
   * DescribeLogDirs request per broker (each names every partition; a broker
   * answers for the replicas it holds) after one Metadata request for the
   * leaders. Rejects when a broker refuses (no DESCRIBE on the cluster).
   */
  logSizes(
    topics: ReadonlyArray<{ topic: string; partitions: number }>,
  ): Promise<Array<{ topic: string; partition: number; bytes: number }>>;
  close(): Promise<void>;
}

/**
 * @platformatic/kafka declares Node >= 22.22 and, of what Node 22 added, uses
 * only Promise.withResolvers (ES2024, in Node 22). Sagascope supports Node
 * >= 20.19, so the standard's own definition is installed when it is absent —
 * the one global this module touches, and only on Node 20.
 */
function ensurePromiseWithResolvers(): void {
  const P = Promise as unknown as { withResolvers?: () => unknown };
  if (typeof P.withResolvers === "function") return;
  P.withResolvers = function withResolvers<T>() {
    let resolve!: (v: T | PromiseLike<T>) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

// ListOffsets' special timestamps.
const EARLIEST = -2n;
const LATEST = -1n;

/** Our SASL and TLS settings as @platformatic/kafka's options; the only place it sees a password or key. */
export function platformaticSecurity(s: KafkaSecurity): { sasl?: SASLOptions; tls?: ConnectionOptions } {
  const out: { sasl?: SASLOptions; tls?: ConnectionOptions } = {};
  if (s.sasl)
    out.sasl = {
      mechanism: ({ plain: "PLAIN", "scram-sha-256": "SCRAM-SHA-256", "scram-sha-512": "SCRAM-SHA-512" } as const)[
        s.sasl.mechanism
      ],
      username: s.sasl.username,
      password: s.sasl.password.reveal(),
    };
  if (s.tls) out.tls = tlsOptions(s.tls);
  return out;
}

interface ListOffsetsRequestTopic {
  name: string;
  partitions: Array<{ partitionIndex: number; currentLeaderEpoch: number; timestamp: bigint }>;
}
interface ListOffsetsResponse {
  topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; offset: bigint }> }>;
}
type ListOffsetsApi = (
  connection: Connection,
  replica: number,
  isolationLevel: number,
  topics: ListOffsetsRequestTopic[],
  callback: (error: Error | null, response: ListOffsetsResponse) => void,
) => void;

/** A callback-style call of the client's as a promise. */
function call<T>(fn: (cb: (error: Error | null | undefined, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value as T))));
}

/**
 * The sampler's client: @platformatic/kafka's Admin, whose listOffsets groups
 * the partitions of all the topics it is given by leader and sends one
 * ListOffsets request per broker. kafkajs has no multi-topic ListOffsets
 * (admin.fetchTopicOffsets is one topic per call and goes through the
 * "updating target topics" lock that never clears at 2,000 topics).
 * listOffsets refreshes the named topics' metadata first (one Metadata
 * request per call): the leaders it groups by are current.
 */
/** `inScope`: the topics listed and sampled (TOPICS_INCLUDE / TOPICS_EXCLUDE); application topics by default. */
export function platformaticOffsetClient(
  conn: KafkaConnection,
  clientId: string,
  inScope: (topic: string) => boolean = isApplicationTopic,
): OffsetClient & { admin: Admin } {
  ensurePromiseWithResolvers();
  const admin = new Admin({
    clientId,
    bootstrapBrokers: conn.brokers,
    ...platformaticSecurity(conn.security),
    connectTimeout: 3000,
    requestTimeout: 15000,
    retries: 2,
    retryDelay: 200,
  });
  return {
    admin,
    async topics() {
      const names = (await admin.listTopics()).filter(inScope);
      if (!names.length) return [];
      const meta = await admin.metadata({ topics: names, forceUpdate: true });
      return names.flatMap((topic) => {
        const t = meta.topics.get(topic);
        return t ? [{ topic, partitions: t.partitionsCount }] : [];
      });
    },
    async offsets(side, topics) {
      if (!topics.length) return [];
      const timestamp = side === "earliest" ? EARLIEST : LATEST;
      // Leaders from the metadata `topics()` refreshed (cached; refreshed here only for a topic it lacks).
      const meta = await call<ClusterMetadata>((cb) =>
        admin[kMetadata]({ topics: topics.map((t) => t.topic), forceUpdate: false }, cb),
      );
      // Grouped by leader in maps: admin.listOffsets forces a Metadata request per call and groups with a
      // linear search per partition (quadratic in topics; most of the sampler's CPU at 2,000 topics).
      const byLeader = new Map<number, Map<string, ListOffsetsRequestTopic>>();
      for (const { topic, partitions } of topics) {
        const t = meta.topics.get(topic);
        if (!t) continue;
        for (let partitionIndex = 0; partitionIndex < partitions; partitionIndex++) {
          const p = t.partitions[partitionIndex];
          if (!p) continue;
          let requests = byLeader.get(p.leader);
          if (!requests) byLeader.set(p.leader, (requests = new Map()));
          let req = requests.get(topic);
          if (!req) requests.set(topic, (req = { name: topic, partitions: [] }));
          req.partitions.push({ partitionIndex, currentLeaderEpoch: p.leaderEpoch, timestamp });
        }
      }
      const api = await call<ListOffsetsApi>((cb) => admin[kGetApi]("ListOffsets", cb as never));
      const responses = await Promise.all(
        [...byLeader].map(async ([leader, requests]) => {
          const broker = meta.brokers.get(leader);
          if (!broker) throw new Error(`no broker ${leader} in the metadata`);
          const connection = await call<Connection>((cb) => admin[kGetConnection](broker, cb));
          return call<ListOffsetsResponse>((cb) => api(connection, -1, 0, [...requests.values()], cb));
        }),
      );
      const out: Array<{ topic: string; partition: number; offset: number }> = [];
      for (const r of responses)
        for (const t of r.topics)
          for (const p of t.partitions)
            out.push({ topic: t.name, partition: p.partitionIndex, offset: Number(p.offset) });
      return out;
    },
    async logSizes(topics) {
      if (!topics.length) return [];
      const names = topics.map((t) => t.topic);
      const meta = await admin.metadata({ topics: names });
      const described = await admin.describeLogDirs({
        topics: topics.map(({ topic, partitions }) => ({
          name: topic,
          partitions: Array.from({ length: partitions }, (_, i) => i),
        })),
      });
      const out: Array<{ topic: string; partition: number; bytes: number }> = [];
      for (const b of described)
        for (const dir of b.results)
          for (const t of dir.topics) {
            const leaders = meta.topics.get(t.name)?.partitions;
            // The leader's copy only (followers hold the same log), and not a replica being moved between its dirs.
            for (const p of t.partitions)
              if (!p.isFutureKey && leaders?.[p.partitionIndex]?.leader === b.broker)
                out.push({ topic: t.name, partition: p.partitionIndex, bytes: Number(p.partitionSize) });
          }
      return out;
    },
    close: () => admin.close(),
  };
}
