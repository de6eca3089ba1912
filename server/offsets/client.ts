import { Admin, type SASLOptions } from "@platformatic/kafka";
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
      const listed = await admin.listOffsets({
        topics: topics.map(({ topic, partitions }) => ({
          name: topic,
          partitions: Array.from({ length: partitions }, (_, partitionIndex) => ({ partitionIndex, timestamp })),
        })),
      });
      return listed.flatMap((t) =>
        t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, offset: Number(p.offset) })),
      );
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
