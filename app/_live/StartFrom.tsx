"use client";
import { useState } from "react";
import { recordsRoutes, type QueryOf } from "@contract";
import { ApiError, call } from "../_api/client";
import { addPage, cursor, startHistory, type HistoryView, type TopicPage } from "./history";
import { liveStore } from "../_shell/connection";
import { useTopicNames } from "../_topics/use-topics-view";
import styles from "./live.module.css";

const PAGE = 200;
/** Records kept in the history view, like the live buffer. */
const CAP = 5000;

async function fetchPage(
  topic: string,
  query: Pick<QueryOf<typeof recordsRoutes.topicPage>, "from" | "before">,
): Promise<TopicPage> {
  try {
    return await call(recordsRoutes.topicPage, { params: { name: topic }, query: { ...query, limit: String(PAGE) } });
  } catch (err) {
    // The server's message says what was wrong with the read.
    const said = err instanceof ApiError ? err.detail.message : undefined;
    throw typeof said === "string" ? new Error(said) : err;
  }
}

/** `datetime-local` value (local time, no zone) → ISO instant. */
const localToIso = (v: string) => new Date(v).toISOString();

/**
 * Where the live table starts: the latest records as they arrive (default),
 * or a topic's records from an offset or a time, read on demand and paged
 * older and newer. While history is shown the live stream is paused (its new
 * records are kept and counted) and "Back to live" resumes it.
 */
export function StartFrom({ view, onView }: { view: HistoryView | null; onView: (v: HistoryView | null) => void }) {
  const [mode, setMode] = useState<"latest" | "offset" | "time">("latest");
  const [topic, setTopic] = useState("");
  const [offset, setOffset] = useState("0");
  const [time, setTime] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Names from GET /api/topics while the picker is open (the overview socket carries no topic rows).
  const topics = useTopicNames(mode !== "latest");

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const go = () =>
    run(async () => {
      if (mode === "latest") return backToLive();
      if (!topic) throw new Error("choose a topic");
      if (mode === "time" && !time) throw new Error("choose a time");
      if (mode === "offset" && !/^\d+$/.test(offset)) throw new Error("the offset is a whole number");
      const from = mode === "offset" ? offset : localToIso(time);
      const page = await fetchPage(topic, { from });
      liveStore.setPaused(true);
      onView(startHistory(topic, mode === "offset" ? `offset ${offset}` : new Date(from).toLocaleString(), page));
    });

  const backToLive = async () => {
    setMode("latest");
    onView(null);
    liveStore.setPaused(false);
  };

  const more = (direction: "newer" | "older") =>
    run(async () => {
      if (!view) return;
      const page = await fetchPage(
        view.topic,
        direction === "newer" ? { from: cursor(view.newer) } : { before: cursor(view.older) },
      );
      onView(addPage(view, page, direction, CAP));
    });

  return (
    <div className={styles.startFrom}>
      <form
        className={styles.filterBar}
        aria-label="Start from"
        onSubmit={(e) => {
          e.preventDefault();
          void go();
        }}
      >
        <label>
          Start from{" "}
          <select aria-label="Start from" value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
            <option value="latest">latest (live)</option>
            <option value="offset">an offset</option>
            <option value="time">a time</option>
          </select>
        </label>
        {mode !== "latest" ? (
          <>
            <select aria-label="History topic" value={topic} onChange={(e) => setTopic(e.target.value)}>
              <option value="">topic…</option>
              {topics.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            {mode === "offset" ? (
              <input
                aria-label="Start offset"
                className={styles.smallInput}
                inputMode="numeric"
                value={offset}
                onChange={(e) => setOffset(e.target.value)}
              />
            ) : (
              <input
                aria-label="Start time"
                type="datetime-local"
                step="1"
                value={time}
                onChange={(e) => setTime(e.target.value)}
              />
            )}
          </>
        ) : null}
        <button type="submit" className={styles.button} disabled={busy || (mode === "latest" && !view)}>
          {mode === "latest" ? "Go live" : "Read"}
        </button>
        {error ? (
          <span role="alert" className={styles.filterError}>
            {error}
          </span>
        ) : null}
      </form>
      {view ? (
        <div className={styles.historyBar} role="status" aria-label="History">
          <span>
            <strong>{view.topic}</strong> from {view.from}: {view.records.length.toLocaleString()} records (newest on
            top; the live stream is paused)
          </span>
          <button
            type="button"
            className={styles.button}
            disabled={busy || view.oldestReached}
            onClick={() => void more("older")}
          >
            {view.oldestReached ? "No older records" : "Load older"}
          </button>
          <button type="button" className={styles.button} disabled={busy} onClick={() => void more("newer")}>
            Load newer
          </button>
          <button type="button" className={styles.button} onClick={() => void backToLive()}>
            Back to live
          </button>
        </div>
      ) : null}
    </div>
  );
}
