import type { Admin } from "kafkajs";

export interface StartSeek {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Where a group with no committed offset on a partition should start when
 * Sagascope is told to start from the latest records: the partition's end.
 * Returned as seeks for the consumer to apply (and commit) on its first
 * fetch, so every partition the group knows then has an explicit position:
 * the consumer can subscribe with `fromBeginning: true`, a topic created
 * later is read from its first record, and restarting the consumer (when
 * topics appear) never skips or replays anything.
 *
 * Costs one OffsetFetch and one ListOffsets per topic. (kafkajs'
 * `admin.setOffsets` would join the group once per topic: a minute for a
 * dozen topics.)
 */
export async function latestWhereUnset(
  admin: Pick<Admin, "fetchOffsets" | "fetchTopicOffsets">,
  groupId: string,
  topics: string[],
): Promise<StartSeek[]> {
  if (topics.length === 0) return [];
  const committed = await admin.fetchOffsets({ groupId, topics });
  const seeks: StartSeek[] = [];
  for (const { topic, partitions } of committed) {
    const unset = new Set(partitions.filter((p) => p.offset === "-1").map((p) => p.partition));
    if (unset.size === 0) continue;
    const ends = await admin.fetchTopicOffsets(topic);
    for (const e of ends) if (unset.has(e.partition)) seeks.push({ topic, partition: e.partition, offset: e.high });
  }
  return seeks;
}
