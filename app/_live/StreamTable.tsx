"use client";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useRef, useState } from "react";
import type { WireRecord } from "@contract";
import { RecordRow } from "./RecordRow";
import styles from "./live.module.css";

/** Height of a collapsed row in px (measured rows correct it). */
const ROW_ESTIMATE = 31;
/** Rows rendered beyond the visible ones, above and below. */
const OVERSCAN = 30;

/**
 * The record table, virtualized: however many records the buffer holds (5,000
 * on the live page), only the rows in view and an overscan are in the DOM.
 * Each record is its own `<tbody>` (its row and, when open, its detail) so a
 * record's height is measured as one item.
 */
export function StreamTable({
  records,
  label = "Live records",
  empty = "Waiting for records… new records on any topic appear here as they arrive.",
}: {
  records: readonly WireRecord[];
  label?: string;
  empty?: string;
}) {
  const [expanded, setExpanded] = useState<string | null>(null);
  const toggle = useCallback((id: string) => setExpanded((cur) => (cur === id ? null : id)), []);
  const wrap = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: records.length,
    getScrollElement: () => wrap.current,
    estimateSize: () => ROW_ESTIMATE,
    overscan: OVERSCAN,
    getItemKey: (i) => records[i]!.id,
  });
  const items = virtual.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = Math.max(0, virtual.getTotalSize() - (items.at(-1)?.end ?? 0));
  return (
    <div className={styles.tableWrap} ref={wrap} data-testid="stream-scroll">
      <table className={styles.table} aria-label={label} aria-rowcount={records.length + 1}>
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
        {padTop > 0 ? (
          <tbody aria-hidden="true">
            <tr style={{ height: padTop }} />
          </tbody>
        ) : null}
        {items.map((item) => {
          const r = records[item.index]!;
          return (
            <RecordRow
              key={item.key}
              r={r}
              index={item.index}
              measure={virtual.measureElement}
              expanded={expanded === r.id}
              onToggle={toggle}
            />
          );
        })}
        {padBottom > 0 ? (
          <tbody aria-hidden="true">
            <tr style={{ height: padBottom }} />
          </tbody>
        ) : null}
      </table>
      {records.length === 0 ? <p className={styles.empty}>{empty}</p> : null}
    </div>
  );
}
