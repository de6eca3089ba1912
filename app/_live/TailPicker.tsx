"use client";
import { useEffect, useState } from "react";
import { topicsRoutes } from "@contract";
import { call } from "../_api/client";
import { tailedTopics, updateSubscription } from "../_shell/connection";
import type { LiveSnapshot } from "./live-store";
import styles from "./live.module.css";

/** Suggestions shown for a search: the busiest matching topics first (server-side sort). */
const SUGGESTED = 12;

/**
 * Which topics this tab tails. The server reads a topic's records only while
 * something watches it (a tab's tail among them): with no topics chosen the
 * tab asks for every topic, which a big cluster refuses (TAIL_ALL_MAX_TOPICS),
 * so it says so and asks for a choice. Topic names are rendered as text.
 */
export function TailPicker({ live }: { live: LiveSnapshot }) {
  const [chosen, setChosen] = useState<readonly string[]>(() => tailedTopics());
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const reads = live.status?.reads;
  const mustChoose = reads?.tailAll === false && chosen.length === 0;

  useEffect(() => {
    const q = query.trim();
    if (!q) return setFound([]);
    const abort = new AbortController();
    const t = setTimeout(() => {
      call(topicsRoutes.view, { query: { q, limit: String(SUGGESTED) }, signal: abort.signal }).then(
        (v) => setFound(v.rows.map((r) => r.topic)),
        (err: unknown) => {
          if (!abort.signal.aborted) setError(err instanceof Error ? err.message : String(err));
        },
      );
    }, 150);
    return () => {
      clearTimeout(t);
      abort.abort();
    };
  }, [query]);

  const apply = async (next: readonly string[]) => {
    setChosen(next);
    const result = await updateSubscription({ topics: next.length ? [...next] : undefined });
    setError(result.ok ? null : result.error.message);
  };

  return (
    <section className={styles.tailPicker} aria-label="Topics to tail">
      {mustChoose ? (
        <p className={styles.tailNotice} role="status">
          This cluster has {reads?.inScope?.toLocaleString() ?? "many"} topics, more than the live page tails at once.
          Choose the topics to tail; saga and dead-letter topics are read anyway and show here.
        </p>
      ) : null}
      <span className={styles.tailLabel}>Tail</span>
      {chosen.length === 0 ? (
        <span className={styles.tailAll}>{mustChoose ? "only the topics read anyway" : "every topic"}</span>
      ) : (
        chosen.map((t) => (
          <span key={t} className={styles.topicChip} data-tailed={t}>
            {t}
            <button
              type="button"
              className={styles.chipRemove}
              aria-label={`Stop tailing ${t}`}
              onClick={() => void apply(chosen.filter((c) => c !== t))}
            >
              ×
            </button>
          </span>
        ))
      )}
      <input
        type="search"
        className={styles.tailSearch}
        aria-label="Find a topic to tail"
        placeholder="Find a topic to tail"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {found.length ? (
        <ul className={styles.tailFound} aria-label="Matching topics">
          {found
            .filter((t) => !chosen.includes(t))
            .map((t) => (
              <li key={t}>
                <button
                  type="button"
                  className={styles.button}
                  onClick={() => {
                    setQuery("");
                    void apply([...chosen, t]);
                  }}
                >
                  Tail {t}
                </button>
              </li>
            ))}
        </ul>
      ) : null}
      {chosen.length ? (
        <button type="button" className={styles.button} onClick={() => void apply([])}>
          Tail every topic
        </button>
      ) : null}
      {error ? (
        <span role="alert" className={styles.tailError}>
          {error}
        </span>
      ) : null}
    </section>
  );
}
