import type { Admin } from "kafkajs";

/**
 * Pins the group's position to the end of every partition it has no
 * committed offset for. After this, every partition the group knows has an
 * explicit position, so the consumer can subscribe with `fromBeginning: true`
 * and a topic created later is read from its first record; restarting the
 * consumer (when topics appear) then never skips or replays anything.
 * Must run while the group has no active member.
 */
export async function commitLatestWhereUnset(admin: Admin, groupId: string, topics: string[]): Promise<number> {
  if (topics.length === 0) return 0;
  const committed = await admin.fetchOffsets({ groupId, topics });
  let pinned = 0;
  for (const { topic, partitions } of committed) {
    const unset = new Set(partitions.filter((p) => p.offset === "-1").map((p) => p.partition));
    if (unset.size === 0) continue;
    const ends = await admin.fetchTopicOffsets(topic);
    const toSet = ends.filter((e) => unset.has(e.partition)).map((e) => ({ partition: e.partition, offset: e.high }));
    if (toSet.length === 0) continue;
    await admin.setOffsets({ groupId, topic, partitions: toSet });
    pinned += toSet.length;
  }
  return pinned;
}
