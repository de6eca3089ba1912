import { globToRegex } from "../dlq/patterns";

/**
 * Which topics Sagascope ingests. Kafka's own (`__consumer_offsets`,
 * `__transaction_state`, `__share_group_state`, …) and Confluent's internal
 * topics carry no application events.
 */
export function isApplicationTopic(topic: string): boolean {
  return !topic.startsWith("__") && !topic.startsWith("_confluent") && topic !== "_schemas";
}

/**
 * The topics ingest lists and reads: application topics matching one of
 * `include` (every one when empty) and none of `exclude` (TOPICS_INCLUDE,
 * TOPICS_EXCLUDE; globs as DLT_PATTERNS, `*` = any characters,
 * case-insensitive). Exclude wins. Asked once per topic per metadata refresh.
 */
export function topicScope(
  include: readonly string[] = [],
  exclude: readonly string[] = [],
): (topic: string) => boolean {
  const inc = include.map(globToRegex);
  const exc = exclude.map(globToRegex);
  return (topic) =>
    isApplicationTopic(topic) &&
    (inc.length === 0 || inc.some((r) => r.test(topic))) &&
    !exc.some((r) => r.test(topic));
}

/** A topic matches one of `globs` (as DLT_PATTERNS); undefined when there are none (INGEST_TOPICS, TRACE_TOPICS unset). */
export function anyGlob(globs: readonly string[]): ((topic: string) => boolean) | undefined {
  const res = globs.map(globToRegex);
  return res.length ? (topic) => res.some((r) => r.test(topic)) : undefined;
}

export interface TopicChange {
  added: string[];
  removed: string[];
}

/** Difference between the topics being consumed and the ones the cluster lists now (those `inScope` keeps). */
export function diffTopics(
  current: ReadonlySet<string>,
  listed: readonly string[],
  inScope: (topic: string) => boolean = isApplicationTopic,
): TopicChange {
  const next = new Set(listed.filter(inScope));
  return {
    added: [...next].filter((t) => !current.has(t)).sort(),
    removed: [...current].filter((t) => !next.has(t)).sort(),
  };
}
