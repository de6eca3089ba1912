import type { Overview } from "../contract";
import { TOPIC_VIEW_LIMIT, TOPIC_VIEW_MAX_LIMIT, topicsRoutes, type RangeName } from "../contract/routes/topics";
import { fail, implement, ok, type Failure } from "../http/api";
import type { Store } from "../store";
import { isRangeName } from "./history";
import { throughputHistory } from "./history-service";
import type { Throughput } from "./throughput";
import { pageOf, TopicViews, type TopicStat } from "./topic-view";

/** Every topic's numbers at one moment; the topic views are cut from it. */
export interface TopicsSnapshot {
  at: number;
  rows: TopicStat[];
  cluster: Overview["cluster"];
}

export interface TopicsApiDeps {
  store: Pick<Store, "listTopicStats" | "throughputBuckets">;
  throughput: Throughput;
  /** Every topic with its sparkline (GET /api/overview only). */
  overview: () => Overview;
  /** Every topic's numbers now, without sparklines. */
  stats: () => TopicStat[];
  /** The snapshot of this second, shared by every view asked for in it. */
  snapshot: () => TopicsSnapshot;
  now?: () => number;
}

/** A chart's range (default 5m) and partition (-1, the default, for all), or the coded error that says what is wrong. */
function chartQuery<C extends "INVALID_RANGE" | "INVALID_WINDOW">(
  rangeParam: string | undefined,
  partitionParam: string | undefined,
  rangeCode: C,
): { range: RangeName; partition: number } | Failure<C | "INVALID_PARTITION"> {
  const range = rangeParam ?? "5m";
  const partition = Number(partitionParam ?? -1);
  if (!isRangeName(range)) return fail(rangeCode, { message: "must be 5m, 1h or 24h", allowed: ["5m", "1h", "24h"] });
  if (!Number.isInteger(partition) || partition < -1)
    return fail("INVALID_PARTITION", { message: "partition must be a non-negative integer" });
  return { range, partition };
}

/** `/api/topics`, the topics page's view, `/api/overview` and the throughput charts. */
export function topicsApi(deps: TopicsApiDeps) {
  const now = deps.now ?? Date.now;
  const views = new TopicViews(deps.snapshot);
  return [
    implement(topicsRoutes.list, async () => {
      // Live rates from the overview, totals persisted in the database (exact, as strings too).
      const stats = new Map((await deps.store.listTopicStats()).map((s) => [s.topic, s]));
      const live = deps.stats();
      const names = new Set([...live.map((t) => t.topic), ...stats.keys()]);
      const byName = new Map(live.map((t) => [t.topic, t]));
      const topics = [...names].sort().map((name) => {
        const t = byName.get(name);
        const s = stats.get(name);
        return {
          name,
          partitions: t?.partitions ?? null,
          messagesPerSecond: t?.recordsPerSec ?? 0,
          bytesPerSecond: t ? t.bytesPerSec : 0,
          totalMessages: s ? Number(s.records) : (t?.totalRecords ?? 0),
          totalBytes: s ? Number(s.bytes) : (t?.totalBytes ?? 0),
          isDeadLetter: t?.deadLetter ?? false,
          topic: name,
          records: (s?.records ?? 0n).toString(),
          bytes: (s?.bytes ?? 0n).toString(),
          firstSeenAt: s?.firstSeenAt.toISOString() ?? null,
          lastSeenAt: s?.lastSeenAt.toISOString() ?? null,
          retainedRecords: t?.retainedRecords ?? null,
          offsetRatePerSec: t?.offsetRatePerSec ?? null,
          ...(t?.source ? { source: t.source, bytesEstimated: t.bytesEstimated ?? false } : {}),
        };
      });
      return ok({ topics });
    }),
    implement(topicsRoutes.view, ({ query }) => {
      const sort = query.sort ?? "recordsPerSec";
      const dir = query.dir ?? (sort === "topic" ? "asc" : "desc");
      const offset = Number(query.offset ?? 0);
      const limit = Math.min(TOPIC_VIEW_MAX_LIMIT, Math.max(1, Number(query.limit ?? TOPIC_VIEW_LIMIT)));
      const { snapshot, sorted } = views.get({ sort, dir, q: query.q ?? "", topic: query.topic });
      // Sparklines only for the page's rows: 60 numbers each, not 60 × every topic.
      const rows = pageOf(sorted, offset, limit).map((r) => ({
        ...r,
        spark: deps.throughput.spark(r.topic, snapshot.at),
      }));
      return ok({
        at: snapshot.at,
        total: snapshot.rows.length,
        matched: sorted.length,
        sort,
        dir,
        offset,
        limit,
        rows,
      });
    }),
    implement(topicsRoutes.overview, () => ok(deps.overview())),
    implement(topicsRoutes.throughput, async ({ query }) => {
      // topic omitted or empty: the whole cluster. partition omitted: all partitions.
      const q = chartQuery(query.range, query.partition, "INVALID_RANGE");
      if ("error" in q) return q;
      return ok(await throughputHistory(deps, query.topic ?? "", q.partition, q.range, now()));
    }),
    implement(topicsRoutes.topicThroughput, async ({ params, query }) => {
      // `window` as the issue named it; `range` as /api/throughput does.
      const q = chartQuery(query.window ?? query.range, query.partition, "INVALID_WINDOW");
      if ("error" in q) return q;
      if (!deps.stats().some((t) => t.topic === params.name))
        return fail("UNKNOWN_TOPIC", { message: `topic ${params.name} is not known` });
      return ok(await throughputHistory(deps, params.name, q.partition, q.range, now()));
    }),
  ];
}
