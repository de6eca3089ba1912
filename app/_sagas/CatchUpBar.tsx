"use client";
import type { CatchUpView } from "@contract";
import styles from "./sagas.module.css";

/** Replay progress while the saga topics' lookback window is read; the data is partial until then. */
export function CatchUpBar({ c }: { c: CatchUpView }) {
  if (c.state === "live" && c.overflow === 0) return null;
  if (c.state === "failed")
    return (
      <p className={styles.warn}>
        Replay of the saga topics failed ({c.error}); showing live events only: instances that started earlier are
        partial.
      </p>
    );
  if (c.state === "live")
    return (
      <p className={styles.warn}>
        Replay buffer overflowed {c.overflow} times: event order across those chunks is approximate.
      </p>
    );
  return (
    <div className={styles.catchUp} role="status" aria-label="Saga replay">
      <progress aria-label="Replay progress" max={Math.max(c.total, 1)} value={c.read} />
      <span>
        Catching up: {c.read} of {c.total} records since {c.since ? new Date(c.since).toLocaleString() : "…"} — data is
        partial until done
      </span>
    </div>
  );
}
