"use client";
import Link from "next/link";
import { useState } from "react";
import { SOURCES_LEGEND } from "./Sources";
import { ThroughputChart } from "./ThroughputChart";
import { TopicProfilePanel } from "./TopicProfilePanel";
import { useTopicsView } from "./use-topics-view";
import { useHistory, type RangeName } from "./use-history";
import styles from "./topics.module.css";
import ui from "../_ui/common.module.css";

const RANGES: Array<{ name: RangeName; label: string }> = [
  { name: "5m", label: "5 min" },
  { name: "1h", label: "1 hour" },
  { name: "24h", label: "24 hours" },
];

export function TopicDetailPage({ topic }: { topic: string }) {
  // This topic's row only (partitions, dead-letter flag): a view of one, refreshed every few seconds.
  const { view } = useTopicsView({ sort: "topic", dir: "asc", q: "", topic, offset: 0, limit: 1 }, 5000);
  const [range, setRange] = useState<RangeName>("5m");
  const [partition, setPartition] = useState(-1);
  const { history, error } = useHistory(topic, partition, range);
  const info = view?.rows[0];
  const partitions = info?.partitions ?? 0;
  const scopeLabel = partition < 0 ? "all partitions" : `partition ${partition}`;
  return (
    <>
      <p className={styles.muted}>
        <Link href="/topics">Topics</Link> /
      </p>
      <h1 className={ui.title}>
        {topic} {info?.deadLetter ? <span className={styles.dlt}>dead letters</span> : null}
      </h1>
      <div className={styles.tools}>
        <div role="group" aria-label="Time range" className={styles.segmented}>
          {RANGES.map((r) => (
            <button key={r.name} type="button" aria-pressed={range === r.name} onClick={() => setRange(r.name)}>
              {r.label}
            </button>
          ))}
        </div>
        <label className={styles.muted}>
          Partition{" "}
          <select aria-label="Partition" value={partition} onChange={(e) => setPartition(Number(e.target.value))}>
            <option value={-1}>all</option>
            {Array.from({ length: partitions }, (_, p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <span className={styles.muted}>
          {history ? `${history.points.length} points, ${history.step} s each` : "loading…"}
          {error ? ` · could not refresh (${error}); showing the last data` : ""}
        </span>
      </div>
      {info?.retainedRecords != null ? (
        <p className={styles.muted}>
          {info.retainedRecords.toLocaleString()} records retained
          {info.offsetRatePerSec != null ? `, ${Math.round(info.offsetRatePerSec).toLocaleString()} records/s` : ""}{" "}
          (from the partitions' offsets; counts include transaction markers and records removed by compaction)
        </p>
      ) : null}
      {info?.source === "offsets" ? (
        <p className={styles.legend} aria-label="Where the numbers come from">
          <abbr className={styles.approx} aria-hidden>
            ≈
          </abbr>{" "}
          This topic is not read: its records/s, totals and charts come from offsets (all partitions only; no bytes in
          the charts). {SOURCES_LEGEND}
        </p>
      ) : null}
      <TopicProfilePanel topic={topic} />
      <section className={styles.chartCard}>
        <h2>Records per second · {scopeLabel}</h2>
        <ThroughputChart history={history} metric="recordsPerSec" label={`${topic} records per second`} />
      </section>
      <section className={styles.chartCard}>
        <h2>Bytes per second · {scopeLabel}</h2>
        <ThroughputChart history={history} metric="bytesPerSec" label={`${topic} bytes per second`} />
      </section>
    </>
  );
}
