"use client";
import type { ReactNode } from "react";
import type { OverviewSummary } from "@contract";
import { formatBytes } from "../_shared/format";
import { Sparkline } from "../_shared/Sparkline";
import { BytesRate, countMark } from "./Sources";
import styles from "./topics.module.css";

export function ClusterSummary({ overview }: { overview: OverviewSummary | null }) {
  const c = overview?.cluster;
  const cards: Array<[string, ReactNode]> = [
    [
      "Records/s",
      c ? (
        <>
          {countMark(c)}
          {c.recordsPerSec.toFixed(1)}
        </>
      ) : (
        "–"
      ),
    ],
    ["Bytes/s", c ? <BytesRate key="bytes" t={c} format={(n) => `${formatBytes(Math.round(n))}/s`} /> : "–"],
    ["Topics", c ? String(c.topicCount) : "–"],
    ["Partitions", c ? String(c.partitions) : "–"],
    ["Records seen", c ? c.totalRecords.toLocaleString() : "–"],
  ];
  return (
    <section className={styles.cards} aria-label="Cluster totals">
      {cards.map(([label, value]) => (
        <div key={label} className={styles.card}>
          <div className={styles.cardLabel}>{label}</div>
          <div className={styles.cardValue} aria-label={label}>
            {value}
          </div>
        </div>
      ))}
      <div className={styles.card}>
        <div className={styles.cardLabel}>Cluster records/s, last 60 s</div>
        <Sparkline values={c?.spark ?? []} label="Cluster records per second, last 60 seconds" />
      </div>
    </section>
  );
}
