import type { Kafka } from "kafkajs";
import type { Capability } from "../capability";
import type { Decoding } from "../kafka/decoding";
import { planTails, type ReadLimiter, scanTopics } from "../kafka/reader";
import type { Logger } from "../log";
import { profilesApi } from "./api";
import type { ProfileRules } from "./profile";
import { Profiler, type ProfileLimits } from "./scheduler";

export { suggestTraceTopics } from "./profile";
export type { Profiler } from "./scheduler";

export interface ProfilesDeps {
  kafka: Kafka;
  decoding: Decoding;
  /** Shared with the records capability and trace scans (RECORDS_MAX_READS): a profile read is one on-demand read. */
  limiter: ReadLimiter;
  /** Every topic of the cluster with its partition count (the offset sampler's metadata). */
  topics: () => ReadonlyArray<{ topic: string; partitions: number }>;
  /** Event-type and correlation paths (DISCOVERY_EVENT_TYPE, DISCOVERY_CORRELATION). */
  rules: ProfileRules;
  log: Logger;
  limits?: Partial<ProfileLimits>;
}

/**
 * Topic profiles: what is on each topic, from the last few records of each
 * partition read at first sight and every PROFILE_INTERVAL_MS (scheduler.ts
 * has the bounds and the cost). `profiler` is for whoever suggests topics
 * from the profiles (`suggestTraceTopics(profiler.profiles())`).
 */
export function profilesCapability(deps: ProfilesDeps): Capability & { profiler: Profiler } {
  const { kafka, limiter } = deps;
  const profiler = new Profiler({
    topics: deps.topics,
    decoding: deps.decoding,
    rules: deps.rules,
    log: deps.log,
    limits: deps.limits,
    reader: {
      plan: (topics, count) => planTails(kafka, topics, count),
      read: (plan, read) => scanTopics(kafka, plan, read),
      slot: (fn) => limiter.run(fn),
    },
  });
  return {
    name: "profiles",
    profiler,
    routes: profilesApi(profiler),
    metrics: () => [
      {
        name: "sagascope_profile_records_read_total",
        help: "Records read to profile topics (the last few of each partition, every PROFILE_INTERVAL_MS)",
        type: "counter",
        samples: [{ value: profiler.totals.records }],
      },
      {
        name: "sagascope_profile_bytes_read_total",
        help: "Bytes of the records read to profile topics",
        type: "counter",
        samples: [{ value: profiler.totals.bytes }],
      },
      {
        name: "sagascope_profile_reads_total",
        help: "Profile reads (one consumer each, for up to 100 topics), by result",
        type: "counter",
        samples: [
          { labels: { result: "ok" }, value: profiler.totals.reads - profiler.totals.failures },
          { labels: { result: "failed" }, value: profiler.totals.failures },
        ],
      },
    ],
    // PROFILE_INTERVAL_MS=0: no topic is sampled (the profile routes say NOT_PROFILED_YET).
    start: () => (deps.limits?.intervalMs === 0 ? undefined : profiler.start()),
    stop: () => profiler.stop(),
  };
}
