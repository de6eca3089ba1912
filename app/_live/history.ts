import type { TopicPageView, WireRecord } from "@contract";

/** What paging reads of a `/api/topics/{name}/messages` page (derived from the contract, so a rename breaks here). */
export type TopicPage = Pick<TopicPageView, "records"> & {
  partitions: Array<Pick<TopicPageView["partitions"][number], "partition" | "next" | "prev">>;
};

/** What the live page shows when it starts from an offset or a time instead of the latest records. */
export interface HistoryView {
  topic: string;
  /** How the reader started, as the user wrote it (for the status line). */
  from: string;
  /** Newest first, like the live table. */
  records: WireRecord[];
  /** Per partition: where the next newer page starts / the offset the next older page ends before. */
  newer: Map<number, string>;
  older: Map<number, string>;
  /** Nothing older is left (every partition's cursor reached its start). */
  oldestReached: boolean;
}

const newestFirst = (a: WireRecord, b: WireRecord) =>
  b.timestamp - a.timestamp || b.partition - a.partition || Number(BigInt(b.offset) - BigInt(a.offset));

export const cursor = (m: Map<number, string>) => [...m].map(([p, o]) => `${p}:${o}`).join(",");

/** The first page: cursors both ways from where the read started. */
export function startHistory(topic: string, from: string, page: TopicPage): HistoryView {
  return {
    topic,
    from,
    records: [...page.records].sort(newestFirst),
    newer: new Map(page.partitions.map((p) => [p.partition, p.next])),
    older: new Map(page.partitions.map((p) => [p.partition, p.prev])),
    oldestReached: page.partitions.every((p) => p.prev === "0"),
  };
}

/** Adds a newer page (forward cursors move) or an older one (backward cursors move); at most `cap` records are kept. */
export function addPage(view: HistoryView, page: TopicPage, direction: "newer" | "older", cap: number): HistoryView {
  const seen = new Set(view.records.map((r) => r.id));
  const fresh = page.records.filter((r) => !seen.has(r.id));
  const merged = [...view.records, ...fresh].sort(newestFirst);
  // Past the cap, drop from the far end of where the user is heading.
  const records = merged.length <= cap ? merged : direction === "newer" ? merged.slice(0, cap) : merged.slice(-cap);
  const trimmed = records.length < merged.length;
  if (direction === "newer") {
    const newer = new Map(view.newer);
    for (const p of page.partitions) newer.set(p.partition, p.next);
    // Trimmed old records can be read again: the older cursor moves up to what is kept.
    const older = trimmed ? edges(records, "min") : view.older;
    return { ...view, records, newer, older, oldestReached: view.oldestReached && !trimmed };
  }
  const older = new Map(view.older);
  for (const p of page.partitions) older.set(p.partition, p.prev);
  const newer = trimmed ? edges(records, "max") : view.newer;
  return {
    ...view,
    records,
    older,
    newer,
    oldestReached: fresh.length === 0 || [...older.values()].every((o) => o === "0"),
  };
}

/** Per partition, the lowest offset kept (an older page ends before it) or the highest + 1 (a newer page starts there). */
function edges(records: readonly WireRecord[], which: "min" | "max"): Map<number, string> {
  const out = new Map<number, bigint>();
  for (const r of records) {
    const o = BigInt(r.offset);
    const cur = out.get(r.partition);
    if (cur === undefined || (which === "min" ? o < cur : o + 1n > cur))
      out.set(r.partition, which === "min" ? o : o + 1n);
  }
  return new Map([...out].map(([p, o]) => [p, o.toString()]));
}
