"use client";
import type { LiveSnapshot } from "./live-store";
import { liveStore, updateSubscription } from "../_shell/connection";
import styles from "./live.module.css";

export function Toolbar({ live }: { live: LiveSnapshot }) {
  return (
    <div className={styles.toolbar}>
      <button
        type="button"
        className={styles.button}
        onClick={() => liveStore.setPaused(!live.paused)}
        aria-pressed={live.paused}
      >
        {live.paused ? "Resume" : "Pause"}
      </button>
      <button type="button" className={styles.button} onClick={() => liveStore.clear()}>
        Clear
      </button>
      <label className={styles.rateLimit}>
        Max rate{" "}
        <select
          aria-label="Max records per second"
          defaultValue=""
          onChange={(e) =>
            void updateSubscription({ maxRecordsPerSec: e.target.value ? Number(e.target.value) : undefined })
          }
        >
          <option value="">server limit</option>
          <option value="1000">1,000/s</option>
          <option value="200">200/s</option>
          <option value="50">50/s</option>
          <option value="10">10/s</option>
        </select>
      </label>
      <fieldset className={styles.topics}>
        <legend>Topics</legend>
        {live.topicsSeen.map((t) => (
          <label key={t} className={styles.topicChip}>
            <input type="checkbox" checked={!live.hiddenTopics.has(t)} onChange={() => liveStore.toggleTopic(t)} />
            {t}
          </label>
        ))}
      </fieldset>
      <p className={styles.bufferInfo} aria-live="polite">
        {live.visible.length.toLocaleString()} records shown (buffer max {live.capacity.toLocaleString()})
        {live.paused ? ` · paused, ${live.pendingWhilePaused.toLocaleString()} new` : ""}
        {live.sampling ? (
          <span className={styles.sampling} role="status" aria-label="Sampling">
            {" "}
            · showing {live.sampling.sentPerSec.toLocaleString()} of {live.sampling.matchedPerSec.toLocaleString()}{" "}
            records/s (sampled evenly; narrow the filter to see every record)
          </span>
        ) : null}
        {live.droppedByServer + (live.status?.droppedForClient ?? 0) > 0
          ? ` · ${Math.max(live.droppedByServer, live.status?.droppedForClient ?? 0).toLocaleString()} records not delivered because this tab fell behind`
          : ""}
        {live.invalid > 0 ? ` · ${live.invalid} malformed messages ignored` : ""}
      </p>
    </div>
  );
}
