"use client";
import { useEffect, useState } from "react";
import { topicsRoutes, type QueryOf, type TopicOverview, type TopicView } from "@contract";
import { call, errorMessage } from "../_api/client";

/** What a tab looks at: the server sorts, filters and cuts the page (GET /api/topics/view). */
export type ViewRequest = Required<Pick<QueryOf<typeof topicsRoutes.view>, "sort" | "dir">> & {
  q: string;
  offset: number;
  limit: number;
  topic?: string;
};

const sameNumbers = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);
const sameRow = (a: TopicOverview, b: TopicOverview) =>
  a.topic === b.topic &&
  a.partitions === b.partitions &&
  a.deadLetter === b.deadLetter &&
  a.recordsPerSec === b.recordsPerSec &&
  a.bytesPerSec === b.bytesPerSec &&
  a.totalRecords === b.totalRecords &&
  a.totalBytes === b.totalBytes &&
  sameNumbers(a.spark, b.spark);

/** The new view with the previous view's row objects where nothing changed, so memoised rows and sparklines skip. */
export function keepUnchanged(prev: TopicView | null, next: TopicView): TopicView {
  if (!prev) return next;
  const before = new Map(prev.rows.map((r) => [r.topic, r]));
  return {
    ...next,
    rows: next.rows.map((r) => {
      const old = before.get(r.topic);
      return old && sameRow(old, r) ? old : r;
    }),
  };
}

/**
 * The page of topics `req` describes, asked for now and again `everyMs` after
 * each answer (never two requests at once, so a slow server or tab asks less
 * often); a changed request cancels the one in flight. Keeps the last page
 * while a poll fails.
 */
export function useTopicsView(req: ViewRequest, everyMs = 1000): { view: TopicView | null; error: string | null } {
  const [view, setView] = useState<TopicView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { sort, dir, q, offset, limit, topic } = req;
  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const query = { sort, dir, q, offset: String(offset), limit: String(limit), topic };
    const run = async () => {
      try {
        const next = await call(topicsRoutes.view, { query, signal: abort.signal });
        setView((prev) => keepUnchanged(prev, next));
        setError(null);
      } catch (err) {
        if (abort.signal.aborted) return;
        setError(errorMessage(err));
      }
      if (!abort.signal.aborted) timer = setTimeout(() => void run(), everyMs);
    };
    void run();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [sort, dir, q, offset, limit, topic, everyMs]);
  return { view, error };
}

/** Every topic's name, sorted, polled while `active` (the live page's history picker). */
export function useTopicNames(active: boolean, everyMs = 3000): string[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    if (!active) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        const { topics } = await call(topicsRoutes.list, { signal: abort.signal });
        setNames(topics.map((t) => t.name).sort());
      } catch {
        // keep the names we had; the next poll tries again
      }
      if (!abort.signal.aborted) timer = setTimeout(() => void run(), everyMs);
    };
    void run();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [active, everyMs]);
  return names;
}
