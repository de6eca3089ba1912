import type { Kafka } from "kafkajs";
import type { Capability } from "../capability";
import type { Logger } from "../log";
import { groupsApi } from "./api";
import { startGroupSampler } from "./sampler";

/**
 * Consumer groups: state, members and lag, sampled from the admin API every
 * `intervalMs` (one describe and one offsets fetch per group per sample, end
 * offsets from the offset sampler's samples; no records read), with an hour of history.
 */
export function groupsCapability(deps: {
  kafka: Kafka;
  log: Logger;
  intervalMs: number;
  /** End offsets from the offset sampler (lag without a request per topic). */
  ends?: (topic: string) => Array<{ partition: number; high: string }> | undefined;
}): Capability {
  const sampler = startGroupSampler({
    kafka: deps.kafka,
    ends: deps.ends,
    log: deps.log,
    intervalMs: deps.intervalMs,
    historySamples: Math.ceil(3600_000 / deps.intervalMs),
  });
  return {
    name: "groups",
    routes: groupsApi({ sampler }),
    metrics: () => {
      const groups = sampler.view().groups;
      return [
        {
          name: "sagascope_group_lag",
          help: "Consumer group lag (records behind), sampled from the admin API",
          type: "gauge",
          samples: groups.map((g) => ({ labels: { group: g.groupId }, value: g.lag })),
        },
        {
          name: "sagascope_group_lag_growing",
          help: "1 when a group's lag kept growing over its last samples",
          type: "gauge",
          samples: groups.map((g) => ({ labels: { group: g.groupId }, value: g.growing ? 1 : 0 })),
        },
      ];
    },
    stop: () => sampler.stop(),
  };
}
