"use client";
import { useEffect, useState } from "react";

export type RangeName = "5m" | "1h" | "24h";
export interface HistoryPoint {
  t: number;
  recordsPerSec: number;
  bytesPerSec: number;
}
export interface History {
  range: RangeName;
  step: number;
  points: HistoryPoint[];
}

/** Short ranges refresh often; the 24 h view moves slowly and is polled rarely. */
const POLL_MS: Record<RangeName, number> = { "5m": 2000, "1h": 10_000, "24h": 60_000 };

/** Polls /api/throughput for a topic (or partition); keeps the last good answer while a poll fails. */
export function useHistory(topic: string, partition: number, range: RangeName): { history: History | null; error: string | null } {
  const [history, setHistory] = useState<History | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    const load = async () => {
      try {
        const q = new URLSearchParams({ topic, partition: String(partition), range });
        const res = await fetch(`/api/throughput?${q}`, { signal: abort.signal });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        setHistory((await res.json()) as History);
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
