"use client";
import { useState } from "react";
import { liveStore, updateSubscription } from "../_shell/connection";
import styles from "./live.module.css";

/**
 * The server-side filter of this tab's stream: an expression in Sagascope's
 * filter language (docs/filters.md), checked and applied by the server, so
 * only matching records cross the network.
 */
export function FilterBar() {
  const [expr, setExpr] = useState("");
  const [applied, setApplied] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const apply = async (next: string) => {
    setBusy(true);
    const result = await updateSubscription({ expr: next.trim() ? next : undefined });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setError(null);
    setApplied(next.trim());
    liveStore.clear();
  };
  return (
    <form
      className={styles.filterBar}
      onSubmit={(e) => {
        e.preventDefault();
        void apply(expr);
      }}
    >
      <input
        aria-label="Server filter"
        className={styles.filterInput}
        value={expr}
        spellCheck={false}
        placeholder='Server filter, e.g. value.amount > 100 && headers.saga-id == "o-42"'
        onChange={(e) => setExpr(e.target.value)}
      />
      <button type="submit" className={styles.button} disabled={busy}>
        Apply
      </button>
      {applied ? (
        <button
          type="button"
          className={styles.button}
          onClick={() => {
            setExpr("");
            void apply("");
          }}
        >
          Clear filter
        </button>
      ) : null}
      <span role="status" aria-label="Server filter state" className={error ? styles.filterError : styles.filterState}>
        {error ? error : applied ? `filtering on the server: ${applied}` : "no server filter"}
      </span>
    </form>
  );
}
