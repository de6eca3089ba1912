"use client";
import { useCallback, useState } from "react";
import type { WireRecord } from "@contract";
import { RecordRow } from "./RecordRow";
import styles from "./live.module.css";

export function StreamTable({ records, label = "Live records", empty = "Waiting for records… new records on any topic appear here as they arrive." }: { records: readonly WireRecord[]; label?: string; empty?: string }) {
  const [expanded, setExpanded] = useState<string | null>(null);
  const toggle = useCallback((id: string) => setExpanded((cur) => (cur === id ? null : id)), []);
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Topic</th>
            <th scope="col">Part.</th>
            <th scope="col">Offset</th>
            <th scope="col">Time</th>
            <th scope="col">Key</th>
            <th scope="col">Headers</th>
            <th scope="col">Value</th>
            <th scope="col">Size</th>
          </tr>
        </thead>
        <tbody>
          {records.map((r) => (
            <RecordRow key={r.id} r={r} expanded={expanded === r.id} onToggle={toggle} />
          ))}
        </tbody>
      </table>
      {records.length === 0 ? <p className={styles.empty}>{empty}</p> : null}
    </div>
  );
}
