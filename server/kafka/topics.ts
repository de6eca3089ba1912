/**
 * Which topics Sagascope ingests. Kafka's own (`__consumer_offsets`,
 * `__transaction_state`, `__share_group_state`, …) and Confluent's internal
 * topics carry no application events.
 */
export function isApplicationTopic(topic: string): boolean {
  return !topic.startsWith("__") && !topic.startsWith("_confluent") && topic !== "_schemas";
}

export interface TopicChange {
  added: string[];
  removed: string[];
}

/** Difference between the topics being consumed and the ones the cluster lists now. */
export function diffTopics(current: ReadonlySet<string>, listed: readonly string[]): TopicChange {
  const next = new Set(listed.filter(isApplicationTopic));
  return {
    added: [...next].filter((t) => !current.has(t)).sort(),
    removed: [...current].filter((t) => !next.has(t)).sort(),
  };
}
