import type { GroupSampler } from "./sampler";

export interface GroupResponse {
  status: number;
  body: unknown;
}

/** `/api/consumer-groups` (every group with lag per partition), `/api/groups` (every group with state, members, lag, growing flag) and `/api/groups/{id}` (partitions and lag history). */
export function handleGroups(method: string, pathname: string, sampler: GroupSampler): GroupResponse | null {
  if (pathname !== "/api/groups" && !pathname.startsWith("/api/groups/") && pathname !== "/api/consumer-groups") return null;
  if (method !== "GET") return { status: 405, body: { error: { code: "METHOD_NOT_ALLOWED" } } };
  const view = sampler.view();
  if (pathname === "/api/consumer-groups") {
    // Every group with its lag per topic and partition (null: never committed there).
    return {
      status: 200,
      body: {
        ...view,
        groups: view.groups.map((g) => ({ groupId: g.groupId, state: g.state, protocolType: g.protocolType, members: g.members.length, lag: g.lag, growing: g.growing, partitions: g.partitions.map((p) => ({ topic: p.topic, partition: p.partition, committed: p.committed, high: p.high, lag: p.lag })) })),
      },
    };
  }
  if (pathname === "/api/groups") {
    return {
      status: 200,
      body: {
        ...view,
        groups: view.groups.map((g) => ({ groupId: g.groupId, state: g.state, protocolType: g.protocolType, members: g.members.length, topics: [...new Set(g.partitions.map((p) => p.topic))], lag: g.lag, unknownLag: g.partitions.filter((p) => p.lag === null).length, growing: g.growing, spark: sampler.history(g.groupId).slice(-60) })),
      },
    };
  }
  const id = decodeURIComponent(pathname.slice("/api/groups/".length));
  const g = view.groups.find((x) => x.groupId === id);
  if (!g) return { status: 404, body: { error: { code: "NOT_FOUND", message: `group ${id} not found (it may have no members and no offsets)` } } };
  return {
    status: 200,
    body: {
      ...g,
      intervalMs: view.intervalMs,
      history: sampler.history(id),
      partitions: g.partitions.map((p) => ({ ...p, history: sampler.partitionHistory(id, p.topic, p.partition).slice(-120) })),
    },
  };
}
