import { profilesRoutes } from "../contract/routes/profiles";
import { fail, implement, ok, type BoundRoute } from "../http/api";
import type { Profiler } from "./scheduler";

/** Topics one summaries request names at most (a page of the topics list). */
const MAX_NAMES = 500;

/** `/api/topics/{name}/profile` and the one-line summaries of the topics list: answered from memory, nothing read per request. */
export function profilesApi(profiler: Pick<Profiler, "profile" | "knows" | "expectedAt">): BoundRoute[] {
  return [
    implement(profilesRoutes.profile, ({ params }) => {
      const profile = profiler.profile(params.name);
      if (profile) return ok(profile);
      if (!profiler.knows(params.name))
        return fail("UNKNOWN_TOPIC", { message: `no topic ${params.name} in the cluster's metadata` });
      const expectedAt = profiler.expectedAt(params.name);
      return fail("NOT_PROFILED_YET", {
        message: "the topic's last records have not been sampled yet",
        expectedAt,
      });
    }),
    implement(profilesRoutes.summaries, ({ query }) => {
      const names = query.topics.split(",").filter(Boolean);
      if (names.length > MAX_NAMES)
        return fail("INVALID_QUERY", { message: `at most ${MAX_NAMES} topics in one request` });
      return ok({
        profiles: names.flatMap((name) => {
          const p = profiler.profile(name);
          return p
            ? [
                {
                  topic: p.topic,
                  format: p.format,
                  eventTypes: p.eventTypesSeen,
                  records: p.records,
                  traced: p.trace.headers.length > 0,
                  sampledAt: p.sampledAt,
                },
              ]
            : [];
        }),
      });
    }),
  ];
}
