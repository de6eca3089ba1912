"use client";
import { type TraceScan, type TraceView, topicsRoutes, tracesRoutes } from "@contract";
import { useEffect, useState } from "react";
import { call, errorMessage } from "../_api/client";
import ui from "../_ui/common.module.css";
import styles from "./traces.module.css";

const words = {
  BUSY: "Too many reads are running; try again in a moment.",
  UNKNOWN_TOPIC: "One of the topics does not exist.",
  NOT_FOUND: "The scan is gone (finished scans are kept 10 minutes).",
};

/**
 * When the index has nothing for an id: scan chosen topics' last minutes for
 * it (POST /api/traces/{id}/scans), show progress with a Cancel button, and
 * hand the hits to the page's timeline (`onTrace`) as they come. Keyed by
 * the id on the page, so a new id starts afresh.
 */
export function ScanPanel({ id, onTrace }: { id: string; onTrace: (t: TraceView | null) => void }) {
  const [names, setNames] = useState<string[]>([]);
  const [filter, setFilter] = useState("");
  const [picked, setPicked] = useState<string[]>([]);
  const [minutes, setMinutes] = useState(15);
  const [scan, setScan] = useState<TraceScan | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    call(topicsRoutes.list, { signal: abort.signal })
      .then((r) => setNames(r.topics.map((t) => t.name).sort()))
      .catch(() => undefined);
    return () => abort.abort();
  }, []);
  const running = scan?.state === "running";
  const scanId = scan?.id;
  useEffect(() => {
    if (!running || !scanId) return;
    const abort = new AbortController();
    const t = setInterval(() => {
      call(tracesRoutes.scan, { params: { scanId }, signal: abort.signal })
        .then((s) => {
          setScan(s);
          onTrace(s.trace);
        })
        .catch((err: unknown) => {
          if (!abort.signal.aborted) setError(errorMessage(err, words));
        });
    }, 500);
    return () => {
      abort.abort();
      clearInterval(t);
    };
  }, [running, scanId, onTrace]);

  const q = filter.trim();
  const shown = names.filter((n) => n.toLowerCase().includes(q.toLowerCase())).slice(0, 50);
  const toggle = (n: string) => setPicked((p) => (p.includes(n) ? p.filter((x) => x !== n) : [...p, n].slice(0, 20)));
  const start = async () => {
    setError(null);
    try {
      const s = await call(tracesRoutes.startScan, { params: { id }, body: { topics: picked, minutes } });
      setScan(s);
      onTrace(s.trace);
    } catch (err) {
      setError(errorMessage(err, words));
    }
  };
  const cancel = async () => {
    if (!scan) return;
    try {
      setScan(await call(tracesRoutes.cancelScan, { params: { scanId: scan.id } }));
    } catch (err) {
      setError(errorMessage(err, words));
    }
  };

  return (
    <section className={styles.scan} aria-label="Scan topics">
      <h2 className={styles.scanTitle}>Scan topics</h2>
      <p className={ui.muted}>
        Read the last minutes of chosen topics for this id, beyond the records the index keeps (at most 20 topics, 60
        minutes).
      </p>
      <div className={styles.scanForm}>
        <input
          aria-label="Filter topics"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="Filter topics, or type a topic's name"
        />
        {q && !names.includes(q) && !picked.includes(q) ? (
          <button type="button" onClick={() => toggle(q)}>
            Add “{q}”
          </button>
        ) : null}
        <label>
          Minutes{" "}
          <input
            type="number"
            aria-label="Minutes"
            min={1}
            max={60}
            value={minutes}
            onChange={(e) => setMinutes(Math.min(60, Math.max(1, Number(e.target.value) || 1)))}
          />
        </label>
        <button type="button" disabled={picked.length === 0 || running} onClick={() => void start()}>
          Scan {picked.length} topic{picked.length === 1 ? "" : "s"}
        </button>
        {running ? (
          <button type="button" onClick={() => void cancel()}>
            Cancel
          </button>
        ) : null}
      </div>
      <fieldset className={styles.topicPicker} aria-label="Topics to scan">
        {[...picked.filter((p) => !shown.includes(p)), ...shown].map((n) => (
          <label key={n} className={ui.mono}>
            <input type="checkbox" checked={picked.includes(n)} onChange={() => toggle(n)} /> {n}
          </label>
        ))}
      </fieldset>
      {error ? (
        <p className={ui.muted} role="alert">
          {error}
        </p>
      ) : null}
      {scan ? (
        <div role="status" aria-label="Scan progress">
          <progress max={Math.max(scan.total, 1)} value={scan.scanned} aria-label="Records scanned" /> {scan.state}:{" "}
          {scan.scanned.toLocaleString()} of {scan.total.toLocaleString()} records, {scan.trace.hops.length} found
          {scan.hitsLimited ? " (first 500 kept)" : ""}
          {scan.limited ? " (newest records only: more than the bound were in range)" : ""}
          {scan.error ? ` — ${scan.error.message}` : ""}
          <ul className={styles.scanTopics}>
            {scan.topics.map((t) => (
              <li key={t.topic} className={ui.mono}>
                {t.topic}: {t.scanned.toLocaleString()} / {t.total.toLocaleString()}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
