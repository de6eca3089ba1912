"use client";
import type { LiveSnapshot } from "./live-store";
import { liveStore } from "./use-live";
import styles from "./live.module.css";

export function Toolbar({ live }: { live: LiveSnapshot }) {
  return (
    <div className={styles.toolbar}>
      <button type="button" className={styles.button} onClick={() => liveStore.setPaused(!live.paused)} aria-pressed={live.paused}>
        {live.paused ? "Resume" : "Pause"}
      </button>
      <button type="button" className={styles.button} onClick={() => liveStore.clear()}>
        Clear
      </button>
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
        {live.droppedByServer + (live.status?.droppedForClient ?? 0) > 0
          ? ` · ${Math.max(live.droppedByServer, live.status?.droppedForClient ?? 0).toLocaleString()} records not delivered because this tab fell behind`
          : ""}
        {live.invalid > 0 ? ` · ${live.invalid} malformed messages ignored` : ""}
      </p>
    </div>
  );
}
