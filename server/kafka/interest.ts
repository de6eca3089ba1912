import type { ReadReason } from "../contract";

/**
 * How a read topic's positions are kept, which decides its reader
 * (server/kafka/readers.ts):
 * - `kept`: committed in a group of the topic's own, so a restart resumes
 *   where it stopped and nothing is lost (saga and dead-letter topics: the
 *   capabilities that declare `reads`);
 * - `shared`: one consumer for every topic INGEST_TOPICS names, in the app's
 *   group (KAFKA_GROUP_ID), the read-everything behaviour of earlier versions;
 * - `live`: from the moment reading starts, nothing committed, a group of the
 *   reader's own that is deleted when it stops (tailed by a tab, TRACE_TOPICS).
 */
export type ReadKind = "kept" | "shared" | "live";

export interface TopicRead {
  topic: string;
  kind: ReadKind;
  /** Every interest that wants the topic, strongest first. */
  wantedBy: ReadReason[];
}

/** What wants a topic's records: each source is asked once per topic per plan. */
export interface Interests {
  /** Capabilities that need a topic's records whole and at least once (`Capability.reads`). */
  kept: ReadonlyArray<{ capability: string; select: (topic: string) => boolean; why: (topic: string) => string }>;
  /** INGEST_TOPICS (opt-in read-everything). */
  shared: (topic: string) => boolean;
  /** For the trace index and discovery, read from when the server starts: why (TRACE_TOPICS, or the topic's profile), or false. */
  traced: (topic: string) => string | false;
  /** Tabs tailing a topic now (or within the linger after the last left): topic → tabs. */
  tailed: ReadonlyMap<string, number>;
}

/**
 * Which in-scope topics are read and how: the union of the interests, each
 * topic under its strongest kind (kept > shared > live), so one topic is
 * read by exactly one reader and its records counted once. Pure; O(topics ×
 * interests).
 */
export function planReads(topics: readonly string[], interests: Interests): Map<string, TopicRead> {
  const plan = new Map<string, TopicRead>();
  for (const topic of topics) {
    const wantedBy: ReadReason[] = [];
    let kind: ReadKind | null = null;
    for (const k of interests.kept)
      if (k.select(topic)) {
        wantedBy.push({ capability: k.capability, why: k.why(topic) || "reads its records" });
        kind = "kept";
      }
    if (interests.shared(topic)) {
      wantedBy.push({ capability: "ingest", why: "INGEST_TOPICS" });
      kind ??= "shared";
    }
    const traced = interests.traced(topic);
    if (traced) wantedBy.push({ capability: "traces", why: traced });
    const tabs = interests.tailed.get(topic);
    if (tabs !== undefined) wantedBy.push({ capability: "realtime", why: tailWhy(tabs) });
    if (wantedBy.length === 0) continue;
    plan.set(topic, { topic, kind: kind ?? "live", wantedBy });
  }
  return plan;
}

const tailWhy = (tabs: number) =>
  tabs === 0
    ? "tailed a moment ago (lingers after the last tab left)"
    : tabs === 1
      ? "tailed by 1 tab"
      : `tailed by ${tabs} tabs`;

/**
 * What tabs tail, kept for `lingerMs` after the last tab leaves a topic, so
 * a reload or a quick switch of topics does not stop and restart a reader.
 * `update` is given what the tabs want now (topic → tabs) and returns what is
 * tailed: those, plus the topics left less than `lingerMs` ago (with 0 tabs).
 */
export class Lingering {
  private readonly lastWanted = new Map<string, number>();

  constructor(private readonly lingerMs: number) {}

  update(wanted: ReadonlyMap<string, number>, now: number): Map<string, number> {
    const out = new Map<string, number>();
    for (const [topic, tabs] of wanted) {
      if (tabs <= 0) continue;
      this.lastWanted.set(topic, now);
      out.set(topic, tabs);
    }
    for (const [topic, at] of this.lastWanted) {
      if (out.has(topic)) continue;
      if (now - at < this.lingerMs) out.set(topic, 0);
      else this.lastWanted.delete(topic);
    }
    return out;
  }

  /** When the next lingering topic expires (to plan again then), or null. */
  nextExpiry(wanted: ReadonlyMap<string, number>): number | null {
    let next: number | null = null;
    for (const [topic, at] of this.lastWanted)
      if (!(wanted.get(topic) ?? 0)) next = Math.min(next ?? Number.POSITIVE_INFINITY, at + this.lingerMs);
    return next;
  }
}

/**
 * What the tabs' subscriptions ask to tail: topic → number of tabs naming it,
 * and how many tabs ask for every topic (no topics in their subscription).
 * Those are honoured only while the cluster has at most `tailAllMax`
 * in-scope topics that are not read anyway; beyond it a tab must choose.
 */
export function tabsWant(
  tabs: ReadonlyArray<{ topics: readonly string[] | null }>,
  inScope: readonly string[],
  alreadyRead: (topic: string) => boolean,
  tailAllMax: number,
): { tailed: Map<string, number>; tailAll: boolean } {
  const tailed = new Map<string, number>();
  let askAll = 0;
  for (const t of tabs) {
    if (t.topics === null) askAll += 1;
    else for (const topic of new Set(t.topics)) tailed.set(topic, (tailed.get(topic) ?? 0) + 1);
  }
  const extra = inScope.filter((t) => !alreadyRead(t)).length;
  const tailAll = extra <= tailAllMax;
  if (askAll > 0 && tailAll) for (const topic of inScope) tailed.set(topic, (tailed.get(topic) ?? 0) + askAll);
  return { tailed, tailAll };
}
