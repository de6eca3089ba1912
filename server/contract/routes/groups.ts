import { z } from "zod";
import { route } from "../route";

/** Consumer groups and their lag, as the sampler last saw them (server/groups/api.ts). */

/** One lag sample: epoch milliseconds and records behind. */
export const lagSampleSchema = z.object({ t: z.number(), lag: z.number() });
export type LagPoint = z.infer<typeof lagSampleSchema>;

/** A partition the group committed on or is assigned; offsets are int64 as decimal strings. */
export const partitionLagSchema = z.object({
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  /** null: the group never committed here. */
  committed: z.string().nullable(),
  /** The partition's end offset. */
  high: z.string(),
  /** null when never committed (not counted in the group's lag). */
  lag: z.number().nullable(),
});

export const groupMemberSchema = z.object({
  memberId: z.string(),
  clientId: z.string(),
  host: z.string(),
  /** Topic → assigned partitions (consumer protocol only; empty otherwise). */
  assignment: z.record(z.string(), z.array(z.number().int())),
});

/** When the groups were sampled, how often, and why the last sample failed. */
const sampleMeta = {
  /** Epoch ms of the last good sample; null before the first. */
  sampledAt: z.number().nullable(),
  /** The last sample's failure; null when it succeeded. */
  error: z.string().nullable(),
  intervalMs: z.number(),
};

const groupCore = {
  groupId: z.string(),
  state: z.string(),
  protocolType: z.string(),
  /** Sum of the known partition lags. */
  lag: z.number(),
  /** The lag kept growing over the last samples. */
  growing: z.boolean(),
};

export const groupRowSchema = z.object({
  ...groupCore,
  /** How many members. */
  members: z.number().int().nonnegative(),
  topics: z.array(z.string()),
  /** Partitions the group never committed on: their lag is unknown and not in `lag`. */
  unknownLag: z.number().int().nonnegative(),
  /** The last 60 samples. */
  spark: z.array(lagSampleSchema),
});
export type GroupRow = z.infer<typeof groupRowSchema>;

export const groupsListSchema = z.object({ ...sampleMeta, groups: z.array(groupRowSchema) });
export type GroupsList = z.infer<typeof groupsListSchema>;

export const groupLagSchema = z.object({
  ...groupCore,
  members: z.number().int().nonnegative(),
  partitions: z.array(partitionLagSchema),
});
export const consumerGroupsSchema = z.object({ ...sampleMeta, groups: z.array(groupLagSchema) });

export const groupDetailSchema = z.object({
  ...groupCore,
  members: z.array(groupMemberSchema),
  /** Each with its last 120 lag samples. */
  partitions: z.array(partitionLagSchema.extend({ history: z.array(lagSampleSchema) })),
  /** Epoch ms this group was sampled. */
  sampledAt: z.number(),
  intervalMs: z.number(),
  /** The group's lag history (about an hour). */
  history: z.array(lagSampleSchema),
});
export type GroupDetail = z.infer<typeof groupDetailSchema>;

export const groupsRoutes = {
  list: route({
    method: "get",
    path: "/api/groups",
    role: "viewer",
    tag: "groups",
    summary: "Consumer groups: state, members, topics, lag, growing flag, recent samples",
    response: groupsListSchema,
    errors: {},
  }),
  consumerGroups: route({
    method: "get",
    path: "/api/consumer-groups",
    role: "viewer",
    tag: "groups",
    summary:
      "Every consumer group with state, members, total lag, growing flag and lag per topic and partition (null when never committed there)",
    response: consumerGroupsSchema,
    errors: {},
  }),
  detail: route({
    method: "get",
    path: "/api/groups/{id}",
    role: "viewer",
    tag: "groups",
    summary: "One group: members and assignments, lag per partition, lag history",
    params: z.object({ id: z.string() }),
    response: groupDetailSchema,
    errors: { NOT_FOUND: 404 },
  }),
} as const;
