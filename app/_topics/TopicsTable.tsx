"use client";
import Link from "next/link";
import { useState } from "react";
import type { Overview } from "@contract";
import { formatBytes } from "../_shared/format";
import { visibleTopics, type SortKey } from "./overview-store";
import { Sparkline } from "../_shared/Sparkline";
import styles from "./topics.module.css";

const columns: Array<{ key: SortKey; label: string; numeric: boolean }> = [
  { key: "topic", label: "Topic", numeric: false },
  { key: "partitions", label: "Partitions", numeric: true },
  { key: "recordsPerSec", label: "Records/s", numeric: true },
  { key: "bytesPerSec", label: "Bytes/s", numeric: true },
  { key: "totalRecords", label: "Records seen", numeric: true },
  { key: "totalBytes", label: "Bytes seen", numeric: true },
  { key: "retainedRecords", label: "Retained", numeric: true },
];

const rate = (n: number) => (n >= 100 ? Math.round(n).toLocaleString() : n.toFixed(1));

export function TopicsTable({ overview }: { overview: Overview | null }) {
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "recordsPerSec", desc: true });
  const rows = visibleTopics(overview, filter, sort.key, sort.desc);
  const sortBy = (key: SortKey) => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== "topic" }));
  return (
    <section className={styles.section}>
      <div className={styles.tools}>
        <input
          className={styles.filter}
          type="search"
          placeholder="Filter topics by name"
          aria-label="Filter topics"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <span className={styles.muted}>
          {rows.length} of {overview?.topics.length ?? 0} topics
        </span>
      </div>
      <table className={styles.table} aria-label="Topics">
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                aria-sort={sort.key === c.key ? (sort.desc ? "descending" : "ascending") : "none"}
                className={c.numeric ? styles.num : undefined}
              >
                <button type="button" className={styles.sortButton} onClick={() => sortBy(c.key)}>
                  {c.label}
                  <span aria-hidden>{sort.key === c.key ? (sort.desc ? " ▾" : " ▴") : ""}</span>
                </button>
              </th>
            ))}
            <th scope="col">Last 60 s</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.topic} aria-label={`topic ${t.topic}`}>
              <td className={styles.topic}>
                <Link href={`/topics/${encodeURIComponent(t.topic)}`} className={styles.topicLink}>
                  {t.topic}
                </Link>
                {t.deadLetter ? <span className={styles.dlt}>dead letters</span> : null}
              </td>
              <td className={styles.num}>{t.partitions}</td>
              <td className={styles.num}>{rate(t.recordsPerSec)}</td>
              <td className={styles.num}>{formatBytes(Math.round(t.bytesPerSec))}/s</td>
              <td className={styles.num}>{t.totalRecords.toLocaleString()}</td>
              <td className={styles.num}>{formatBytes(t.totalBytes)}</td>
              <td className={styles.num}>{t.retainedRecords == null ? "–" : t.retainedRecords.toLocaleString()}</td>
              <td>
                <Sparkline values={t.spark} label={`${t.topic} records per second, last 60 seconds`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {overview && rows.length === 0 ? <p className={styles.muted}>No topic matches.</p> : null}
    </section>
  );
}
