import type { SortDirection, TopicOverview, TopicSortKey } from "../contract";

/** A topic's numbers without its sparkline: what sorting and filtering read. */
export type TopicStat = Omit<TopicOverview, "spark">;

/** What a tab looks at: the order and the filter (the page is cut from the result). */
export interface TopicViewSpec {
  sort: TopicSortKey;
  dir: SortDirection;
  /** Case-insensitive substring of the name; "" for all. */
  q: string;
  /** Only this exact name. */
  topic?: string;
}

// One collator for every comparison: `localeCompare` builds one per call, which at 10,000 topics is most of the sort.
const byName = new Intl.Collator("en").compare;

/** The matching topics of `rows` in the view's order; ties broken by name so rows do not jump between ticks. */
export function sortAndFilter(rows: readonly TopicStat[], spec: TopicViewSpec): TopicStat[] {
  const q = spec.q.trim().toLowerCase();
  const matched = rows.filter(
    (r) => (spec.topic === undefined || r.topic === spec.topic) && (!q || r.topic.toLowerCase().includes(q)),
  );
  const dir = spec.dir === "desc" ? -1 : 1;
  const key = spec.sort;
  return matched.sort((a, b) => {
    // Not sampled yet (null) sorts below every number.
    const primary = key === "topic" ? byName(a.topic, b.topic) : (a[key] ?? -1) - (b[key] ?? -1);
    return primary !== 0 ? primary * dir : byName(a.topic, b.topic);
  });
}

/** The rows of one page; offset past the end gives an empty page, not an error. */
export const pageOf = <T>(sorted: readonly T[], offset: number, limit: number): T[] =>
  sorted.slice(offset, offset + limit);

/** Distinct views kept per snapshot; more in one second (an unusual crowd of tabs) are computed uncached. */
const MAX_CACHED_VIEWS = 64;

/**
 * Views of one snapshot of every topic's numbers, cached per snapshot.
 *
 * Cost: the snapshot is taken once a second for all topics (O(topics)). Each
 * distinct view (sort, direction, filter) then costs one filter pass,
 * O(topics), and one sort of its matches, O(m log m), once per snapshot —
 * however many tabs share it, whichever page they show, and whatever the
 * record rate (nothing here runs per record). A page is a slice.
 */
export class TopicViews<S extends { rows: readonly TopicStat[] }> {
  private cachedFor: S | null = null;
  private cache = new Map<string, TopicStat[]>();
  /** Sorts done since start (what the cache saves is visible in tests). */
  computed = 0;

  constructor(private readonly snapshot: () => S) {}

  /** The snapshot, and the view's matches in order. */
  get(spec: TopicViewSpec): { snapshot: S; sorted: readonly TopicStat[] } {
    const snapshot = this.snapshot();
    if (snapshot !== this.cachedFor) {
      this.cachedFor = snapshot;
      this.cache.clear();
    }
    const key = JSON.stringify([spec.sort, spec.dir, spec.q.trim().toLowerCase(), spec.topic ?? null]);
    let sorted = this.cache.get(key);
    if (!sorted) {
      sorted = sortAndFilter(snapshot.rows, spec);
      this.computed += 1;
      if (this.cache.size < MAX_CACHED_VIEWS) this.cache.set(key, sorted);
    }
    return { snapshot, sorted };
  }
}
