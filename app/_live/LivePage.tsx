"use client";
import { useState } from "react";
import type { HistoryView } from "./history";
import { StartFrom } from "./StartFrom";
import { StatusBar } from "./StatusBar";
import { StreamTable } from "./StreamTable";
import { Toolbar } from "./Toolbar";
import { FilterBar } from "./FilterBar";
import { useLive } from "./use-live";
import styles from "./live.module.css";

export function LivePage() {
  const live = useLive();
  const [history, setHistory] = useState<HistoryView | null>(null);
  return (
    <div className={styles.page}>
      <StatusBar live={live} />
      <main className={styles.main}>
        <h1 className={styles.title}>Live stream</h1>
        <FilterBar />
        <StartFrom view={history} onView={setHistory} />
        <Toolbar live={live} />
        {history ? <StreamTable key={`history:${history.topic}:${history.from}`} records={history.records} label={`Records of ${history.topic}`} empty="No records there." /> : <StreamTable key="live" records={live.visible} />}
      </main>
    </div>
  );
}
