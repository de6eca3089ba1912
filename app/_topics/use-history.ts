"use client";
import { useEffect, useState } from "react";
import { topicsRoutes, type RangeName, type ThroughputHistoryView } from "@contract";
import { call } from "../_api/client";

export type { RangeName };
export type History = ThroughputHistoryView;

/** Short ranges refresh often; the 24 h view moves slowly and is polled rarely. */
const POLL_MS: Record<RangeName, number> = { "5m": 2000, "1h": 10_000, "24h": 60_000 };

/** Polls /api/throughput for a topic (or partition); keeps the last good answer while a poll fails. */
export function useHistory(
  topic: string,
  partition: number,
  range: RangeName,
): { history: History | null; error: string | null } {
  const [history, setHistory] = useState<History | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    const load = async () => {
      try {
        setHistory(
          await call(topicsRoutes.throughput, {
            query: { topic, partition: String(partition), range },
            signal: abort.signal,
          }),
        );
        setError(null);
      } catch (err) {
        if (!abort.signal.aborted) setError((err as Error).message);
      }
    };
    void load();
    const timer = setInterval(() => void load(), POLL_MS[range]);
    return () => {
      abort.abort();
      clearInterval(timer);
    };
  }, [topic, partition, range]);
  return { history, error };
}
