"use client";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { type TraceView, tracesRoutes } from "@contract";
import { call } from "../_api/client";
import { usePoll } from "../_shared/use-poll";
import ui from "../_ui/common.module.css";
import { ScanPanel } from "./ScanPanel";
import styles from "./traces.module.css";

const clock = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  fractionalSecondDigits: 3,
  hour12: false,
});
const dur = (ms: number) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(2)} s`);

/** Every recent record carrying an id, across topics, on one timeline grouped by topic, with the gaps between hops. */
export function TracesPage() {
  const params = useSearchParams();
  const router = useRouter();
  const id = params.get("id") ?? "";
  const [input, setInput] = useState(id);
  const { data } = usePoll(
    async (signal) => {
      if (!id) return null;
      return call(tracesRoutes.trace, { params: { id }, signal });
    },
    3000,
    [id],
  );
  const [scanned, setScanned] = useState<TraceView | null>(null);
  const indexed = data && data.id === id ? data : null;
  // The index's hops, or, when it has none, those a scan of chosen topics found (on the same timeline).
  const t = indexed && !indexed.hops.length && scanned?.id === id && scanned.hops.length ? scanned : indexed;
  const start = t?.hops[0]?.timestamp ?? 0;
  const span = Math.max(t?.spanMs ?? 0, 1);
  return (
    <>
      <h1 className={ui.title}>Trace</h1>
      <form
        className={styles.searchForm}
        onSubmit={(e) => {
          e.preventDefault();
          router.push(`/traces?id=${encodeURIComponent(input.trim())}`);
        }}
      >
        <input
          aria-label="Trace id"
          value={input}
          onChange={(e) => setInput(e.target.value)}
          placeholder="W3C trace id, CloudEvents id, saga or correlation id, any header value or key"
        />
        <button type="submit">Find</button>
      </form>
      {id && t ? (
        <p className={ui.muted} role="status" aria-label="Trace summary">
          {t.hops.length} records on {t.topics.length} topics over {dur(t.spanMs)}{" "}
          {t === indexed
            ? "(recent records only: TRACE_INDEX_RECORDS, TRACE_INDEX_MINUTES)"
            : "(found by scanning the chosen topics)"}
        </p>
      ) : null}
      {t?.hops.length ? (
        <>
          <section className={styles.timeline} aria-label="Timeline">
            {t.topics.map((topic) => (
              <div key={topic} className={styles.lane}>
                <span className={styles.laneName}>{topic}</span>
                <span className={styles.track}>
                  {t.hops
                    .filter((h) => h.topic === topic)
                    .map((h) => (
                      <span
                        key={h.id}
                        className={styles.dot}
                        style={{ left: `${((h.timestamp - start) / span) * 100}%` }}
                        title={`${h.id} at ${clock.format(h.timestamp)}`}
                      />
                    ))}
                </span>
              </div>
            ))}
          </section>
          <table className={ui.table} aria-label="Hops">
            <thead>
              <tr>
                <th>Time</th>
                <th>+ gap</th>
                <th>Record</th>
                <th>Matched by</th>
                <th>Key</th>
                <th>Value</th>
              </tr>
            </thead>
            <tbody>
              {t.hops.map((h, i) => (
                <tr key={h.id}>
                  <td className={ui.mono}>{clock.format(h.timestamp)}</td>
                  <td className={ui.mono}>{i === 0 ? "start" : `+${dur(t.gaps[i - 1]!.ms)}`}</td>
                  <td className={ui.mono}>{h.id}</td>
                  <td className={ui.mono}>{h.matchedBy}</td>
                  <td className={ui.mono}>{h.key ?? "null"}</td>
                  <td className={styles.value}>{h.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : id && t ? (
        <p className={ui.muted}>No recent record carries this id.</p>
      ) : null}
      {id && indexed && !indexed.hops.length ? <ScanPanel key={id} id={id} onTrace={setScanned} /> : null}
    </>
  );
}
