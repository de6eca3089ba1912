"use client";
import Link from "next/link";
import type { DeadLetterDetail } from "@contract";
import { detailText, formatBytes, formatTime } from "../_shared/format";
import { getDeadLetter, valueDownloadUrl } from "./api";
import { Actions } from "./Actions";
import { usePoll } from "../_shared/use-poll";
import styles from "./dlq.module.css";

/** One dead letter: where it came from, why it failed, its payload and headers, its attempts, and the actions. */
export function DeadLetterPanel({
  id,
  onClose,
  onChanged,
}: {
  id: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { data: d, error, refresh } = usePoll((signal) => getDeadLetter(id, signal), 3000, [id]);
  return (
    <aside className={styles.panel} aria-label="Dead letter detail">
      <div className={styles.panelHead}>
        <h2 className={styles.mono}>{id}</h2>
        <button type="button" onClick={onClose} aria-label="Close detail">
          ✕
        </button>
      </div>
      {error && !d ? <p className={styles.error}>{error}</p> : null}
      {d && d.id === id ? (
        <>
          <Facts d={d} />
          {d.origin.topic && d.origin.partition !== undefined && d.origin.offset ? (
            <p className={styles.muted}>
              <Link
                href={`/records?topic=${encodeURIComponent(d.origin.topic)}&partition=${d.origin.partition}&offset=${d.origin.offset}`}
                className={styles.link}
              >
                Original record
              </Link>{" "}
              ({d.origin.topic}/{d.origin.partition}/{d.origin.offset})
            </p>
          ) : null}
          {d.sagas.map((s) => (
            <p key={`${s.saga}/${s.id}`} className={styles.muted}>
              Saga instance:{" "}
              <Link href={`/sagas/${encodeURIComponent(s.saga)}/${encodeURIComponent(s.id)}`} className={styles.link}>
                {s.saga} {s.id}
              </Link>{" "}
              (now {s.state})
            </p>
          ))}
          <Actions
            d={d}
            onDone={() => {
              refresh();
              onChanged();
            }}
          />
          {d.error.stackTrace ? (
            <details open>
              <summary>Stack trace</summary>
              <pre className={styles.pre} aria-label="Stack trace">
                {d.error.stackTrace}
              </pre>
            </details>
          ) : null}
          <h3>
            Value{" "}
            <span className={styles.muted}>
              ({d.value.encoding}, {formatBytes(d.value.bytes)})
            </span>{" "}
            <a href={valueDownloadUrl(d.id)} download className={styles.link}>
              download
            </a>
          </h3>
          {d.value.truncated ? (
            <p className={styles.muted}>Showing the first part; download for all {formatBytes(d.value.bytes)}.</p>
          ) : null}
          {d.masked ? (
            <p className={styles.muted}>
              Masked by the server&apos;s masking rules: a retry republishes the original record; edit and retry is
              refused.
            </p>
          ) : null}
          <pre className={styles.pre} aria-label="Value">
            {detailText(d.value)}
          </pre>
          <h3>Headers</h3>
          <table className={styles.kv} aria-label="Headers">
            <tbody>
              {d.headers.map((h, i) => (
                <tr key={`${h.name}-${i}`}>
                  <th className={styles.mono}>{h.name}</th>
                  <td className={styles.mono}>{h.value.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Attempts</h3>
          {d.replays.length === 0 ? <p className={styles.muted}>Not retried yet.</p> : null}
          <ol className={styles.attempts} aria-label="Attempts">
            {d.replays.map((r) => (
              <li key={r.id}>
                <span className={styles.status} data-status={r.state}>
                  {r.state}
                </span>{" "}
                #{r.attempt} → <span className={styles.mono}>{r.targetTopic}</span>
                {r.resultOffset ? (
                  <span className={styles.mono}>{` /${r.resultPartition}/${r.resultOffset}`}</span>
                ) : null}{" "}
                by {r.operator} at {formatTime(Date.parse(r.createdAt))}
                {r.edited ? " (edited)" : ""} — “{r.reason}”
                {r.error ? <div className={styles.error}>{r.error}</div> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </aside>
  );
}

function Facts({ d }: { d: DeadLetterDetail }) {
  const o = d.origin;
  const rows: Array<[string, string | undefined]> = [
    ["Status", d.status + (d.resolvedReason ? ` — ${d.resolvedReason}` : "")],
    ["Original topic", o.topic],
    [
      "Original partition / offset",
      o.partition !== undefined || o.offset ? `${o.partition ?? "?"} / ${o.offset ?? "?"}` : undefined,
    ],
    [
      "Original time",
      o.timestamp
        ? `${new Date(o.timestamp).toISOString()}${o.timestampType ? ` (${o.timestampType})` : ""}`
        : undefined,
    ],
    ["Consumer group", o.consumerGroup],
    [
      "Connector",
      o.connector ? `${o.connector}${o.task ? ` task ${o.task}` : ""}${o.stage ? ` at ${o.stage}` : ""}` : undefined,
    ],
    ["Exception", d.error.className],
    ["Cause", d.error.causeClassName],
    ["Message", d.error.message],
    ["Key exception", d.keyError ? `${d.keyError.className ?? ""} ${d.keyError.message ?? ""}` : undefined],
    ["Key", d.key.encoding === "null" ? "(null)" : d.key.text],
    ["Convention", d.conventions.join(", ") || "unknown (no dead-letter headers)"],
    ["Failed again after", d.previousId ?? undefined],
  ];
  return (
    <table className={styles.kv} aria-label="Origin and error">
      <tbody>
        {rows
          .filter(([, v]) => v !== undefined && v !== "")
          .map(([k, v]) => (
            <tr key={k}>
              <th>{k}</th>
              <td className={styles.mono}>{v}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}
