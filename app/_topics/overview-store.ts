import { socketTopics, type Overview } from "@contract";

/** The latest throughput overview from the server; replaced whole once a second. */
export class OverviewStore {
  private overview: Overview | null = null;
  private listeners = new Set<() => void>();
  invalid = 0;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Overview | null => this.overview;

  receive(payload: unknown): void {
    const parsed = socketTopics.overview.schema.safeParse(payload);
    if (!parsed.success) {
      this.invalid += 1;
      return;
    }
    this.overview = parsed.data;
    for (const l of this.listeners) l();
  }
}

export type SortKey =
  | "topic"
  | "partitions"
  | "recordsPerSec"
  | "bytesPerSec"
  | "totalRecords"
  | "totalBytes"
  | "retainedRecords";

/** Topics matching `filter` (case-insensitive substring), sorted; ties broken by name so rows do not jump. */
export function visibleTopics(
  o: Overview | null,
  filter: string,
  key: SortKey,
  descending: boolean,
): Overview["topics"] {
  if (!o) return [];
  const f = filter.trim().toLowerCase();
  const rows = f ? o.topics.filter((t) => t.topic.toLowerCase().includes(f)) : [...o.topics];
  const dir = descending ? -1 : 1;
  return rows.sort((a, b) => {
    // Not sampled yet (null) sorts below every number.
    const primary = key === "topic" ? a.topic.localeCompare(b.topic) : (a[key] ?? -1) - (b[key] ?? -1);
    return primary !== 0 ? primary * dir : a.topic.localeCompare(b.topic);
  });
}
