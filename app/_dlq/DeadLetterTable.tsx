"use client";
import type { DeadLetterSummary } from "@contract";
import { formatTime } from "../_shared/format";
import styles from "./dlq.module.css";

export function DeadLetterTable({
  messages,
  selected,
  onSelect,
}: {
  messages: DeadLetterSummary[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  return (
    <table className={styles.table} aria-label="Dead letters">
      <thead>
        <tr>
          <th>Time</th>
          <th>Dead-letter record</th>
          <th>Key</th>
          <th>From</th>
          <th>Exception</th>
          <th>Message</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {messages.map((m) => (
          <tr key={m.id} aria-selected={selected === m.id} onClick={() => onSelect(m.id)} className={styles.row}>
            <td className={styles.mono}>{formatTime(m.timestamp)}</td>
            <td className={styles.mono}>
              <button
                type="button"
                className={styles.rowButton}
                onClick={() => onSelect(m.id)}
                aria-label={`Open ${m.id}`}
              >
                {m.id}
              </button>
            </td>
            <td className={styles.mono} title={m.key.text}>
              {m.key.encoding === "null" ? "—" : m.key.text}
            </td>
            <td className={styles.mono}>
              {m.origin.topic
                ? `${m.origin.topic}${m.origin.partition !== undefined ? `/${m.origin.partition}` : ""}${m.origin.offset ? `/${m.origin.offset}` : ""}`
                : "—"}
            </td>
            <td className={styles.mono} title={m.error.className}>
              {shortClass(m.error.className)}
            </td>
            <td className={styles.message} title={m.error.message}>
              {m.error.message ?? "—"}
            </td>
            <td>
              <span className={styles.status} data-status={m.status}>
                {m.status}
              </span>
              {m.previousId ? <span className={styles.again}> failed again</span> : null}
            </td>
          </tr>
        ))}
        {messages.length === 0 ? (
          <tr>
            <td colSpan={7} className={styles.muted}>
              No dead letters match.
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}

/** `org.example.FooException` → `FooException`; the full name is in the title and the detail. */
const shortClass = (fqcn?: string) => (fqcn ? fqcn.slice(fqcn.lastIndexOf(".") + 1) : "—");
