"use client";
import Link from "next/link";
import { memo, useState } from "react";
import { type ProfileSummary, TOPIC_VIEW_LIMIT, type TopicOverview, type TopicSortKey } from "@contract";
import { formatBytes } from "../_shared/format";
import { Sparkline } from "../_shared/Sparkline";
import { FORMAT_LABEL } from "./TopicProfilePanel";
import { useProfileSummaries } from "./use-profile";
import { BytesRate, countMark, SOURCES_LEGEND } from "./Sources";
import { useTopicsView } from "./use-topics-view";
import styles from "./topics.module.css";

const columns: Array<{ key: TopicSortKey; label: string; numeric: boolean }> = [
  { key: "topic", label: "Topic", numeric: false },
  { key: "partitions", label: "Partitions", numeric: true },
  { key: "recordsPerSec", label: "Records/s", numeric: true },
  { key: "bytesPerSec", label: "Bytes/s", numeric: true },
  { key: "totalRecords", label: "Records seen", numeric: true },
  { key: "totalBytes", label: "Bytes seen", numeric: true },
  { key: "retainedRecords", label: "Retained", numeric: true },
];
const PAGE_SIZES = [50, TOPIC_VIEW_LIMIT, 250, 500];

const rate = (n: number) => (n >= 100 ? Math.round(n).toLocaleString() : n.toFixed(1));

/** "JSON · 4 types": the topic's profile in a few words (nothing until it is sampled). */
const content = (p: ProfileSummary | undefined) =>
  !p || p.records === 0
    ? ""
    : `${p.format ? FORMAT_LABEL[p.format] : ""}${p.eventTypes ? ` · ${p.eventTypes} type${p.eventTypes === 1 ? "" : "s"}` : ""}`;

const TopicRow = memo(function TopicRow({ t, profile }: { t: TopicOverview; profile?: ProfileSummary }) {
  return (
    <tr aria-label={`topic ${t.topic}`}>
      <td className={styles.topic}>
        <span className={styles.topicCell}>
          {/* Long names are cut with an ellipsis; the whole name is the link's title. */}
          <Link href={`/topics/${encodeURIComponent(t.topic)}`} className={styles.topicLink} title={t.topic}>
            {t.topic}
          </Link>
          {t.deadLetter ? <span className={styles.dlt}>dead letters</span> : null}
        </span>
      </td>
      <td className={styles.num}>{t.partitions}</td>
      <td className={styles.num}>
        {countMark(t)}
        {rate(t.recordsPerSec)}
      </td>
      <td className={styles.num}>
        <BytesRate t={t} format={(n) => `${formatBytes(Math.round(n))}/s`} />
      </td>
      <td className={styles.num}>
        {countMark(t)}
        {t.totalRecords.toLocaleString()}
      </td>
      <td className={styles.num}>{formatBytes(t.totalBytes)}</td>
      <td className={styles.num}>{t.retainedRecords == null ? "–" : t.retainedRecords.toLocaleString()}</td>
      <td className={styles.content}>{content(profile)}</td>
      <td>
        <Sparkline values={t.spark} label={`${t.topic} records per second, last 60 seconds`} />
      </td>
    </tr>
  );
});

/**
 * Every topic, one page at a time: the server sorts, filters and counts
 * (GET /api/topics/view), so 10,000 topics cost this tab one page of rows and
 * sparklines, not 10,000.
 */
export function TopicsTable() {
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<{ key: TopicSortKey; desc: boolean }>({ key: "recordsPerSec", desc: true });
  const [limit, setLimit] = useState(TOPIC_VIEW_LIMIT);
  const [offset, setOffset] = useState(0);
  const { view, error } = useTopicsView({ sort: sort.key, dir: sort.desc ? "desc" : "asc", q: filter, offset, limit });
  const rows = view?.rows ?? [];
  const profiles = useProfileSummaries(rows.map((r) => r.topic));
  const matched = view?.matched ?? 0;
  const sortBy = (key: TopicSortKey) => {
    setSort((s) => ({ key, desc: s.key === key ? !s.desc : key !== "topic" }));
    setOffset(0);
  };
  // Past the end (topics deleted, or a narrower filter): the last page there is.
  if (view && offset > 0 && offset >= matched) setOffset(Math.max(0, Math.floor((matched - 1) / limit) * limit));
  const first = matched === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, matched);
  return (
    <section className={styles.section}>
      <div className={styles.tools}>
        <input
          className={styles.filter}
          type="search"
          placeholder="Filter topics by name"
          aria-label="Filter topics"
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value);
            setOffset(0);
          }}
        />
        <span className={styles.muted} role="status" aria-label="Matching topics">
          {matched.toLocaleString()} of {(view?.total ?? 0).toLocaleString()} topics
        </span>
        {error ? <span className={styles.muted}>could not refresh ({error}); showing the last page</span> : null}
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
            <th scope="col" title="From the last records of each partition, sampled every few minutes">
              Content
            </th>
            <th scope="col">Last 60 s</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <TopicRow key={t.topic} t={t} profile={profiles.get(t.topic)} />
          ))}
        </tbody>
      </table>
      <p className={styles.legend}>
        <abbr className={styles.approx} aria-hidden>
          ≈
        </abbr>{" "}
        {SOURCES_LEGEND}
      </p>
      {view && rows.length === 0 ? <p className={styles.muted}>No topic matches.</p> : null}
      <nav className={styles.pager} aria-label="Topic pages">
        <button
          type="button"
          className={styles.pageButton}
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - limit))}
        >
          Previous page
        </button>
        <span className={styles.muted} role="status" aria-label="Rows shown">
          {first.toLocaleString()}–{last.toLocaleString()} of {matched.toLocaleString()}
        </span>
        <button
          type="button"
          className={styles.pageButton}
          disabled={offset + limit >= matched}
          onClick={() => setOffset(offset + limit)}
        >
          Next page
        </button>
        <label className={styles.muted}>
          Rows per page{" "}
          <select
            aria-label="Rows per page"
            value={limit}
            onChange={(e) => {
              setLimit(Number(e.target.value));
              setOffset(0);
            }}
          >
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </nav>
    </section>
  );
}
