import { groupsRoutes } from "../contract/routes/groups";
import { fail, implement, ok } from "../http/api";
import type { GroupSampler } from "./sampler";

export interface GroupsApiDeps {
  sampler: Pick<GroupSampler, "view" | "history" | "partitionHistory">;
}

/**
 * `/api/groups` (every group with state, members, lag, growing flag),
 * `/api/consumer-groups` (every group with lag per partition) and
 * `/api/groups/{id}` (partitions and lag history). They cost nothing per
 * request: the sampler's last view, kept in memory.
 */
export function groupsApi({ sampler }: GroupsApiDeps) {
  return [
    implement(groupsRoutes.list, () => {
      const view = sampler.view();
      return ok({
        ...view,
        groups: view.groups.map((g) => ({
          groupId: g.groupId,
          state: g.state,
          protocolType: g.protocolType,
          members: g.members.length,
          topics: [...new Set(g.partitions.map((p) => p.topic))],
          lag: g.lag,
          unknownLag: g.partitions.filter((p) => p.lag === null).length,
          growing: g.growing,
          spark: sampler.history(g.groupId).slice(-60),
        })),
      });
    }),
    implement(groupsRoutes.consumerGroups, () => {
      // Every group with its lag per topic and partition (null: never committed there).
      const view = sampler.view();
      return ok({
        ...view,
        groups: view.groups.map((g) => ({
          groupId: g.groupId,
          state: g.state,
          protocolType: g.protocolType,
          members: g.members.length,
          lag: g.lag,
          growing: g.growing,
          partitions: g.partitions.map((p) => ({
            topic: p.topic,
            partition: p.partition,
            committed: p.committed,
            high: p.high,
            lag: p.lag,
          })),
        })),
      });
    }),
    implement(groupsRoutes.detail, ({ params }) => {
      const view = sampler.view();
      const g = view.groups.find((x) => x.groupId === params.id);
      if (!g)
        return fail("NOT_FOUND", { message: `group ${params.id} not found (it may have no members and no offsets)` });
      return ok({
        ...g,
        intervalMs: view.intervalMs,
        history: [...sampler.history(params.id)],
        partitions: g.partitions.map((p) => ({
          ...p,
          history: sampler.partitionHistory(params.id, p.topic, p.partition).slice(-120),
        })),
      });
    }),
  ];
}
