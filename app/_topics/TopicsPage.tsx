"use client";
import { useSyncExternalStore } from "react";
import { StatusBar } from "../_live/StatusBar";
import { overviewStore } from "../_live/connection";
import { useLive } from "../_live/use-live";
import liveStyles from "../_live/live.module.css";
import { ClusterSummary } from "./ClusterSummary";
import { TopicsTable } from "./TopicsTable";

export function TopicsPage() {
  const live = useLive();
  const overview = useSyncExternalStore(overviewStore.subscribe, overviewStore.getSnapshot, () => null);
  return (
    <div className={liveStyles.page}>
      <StatusBar live={live} />
      <main className={liveStyles.main}>
        <h1 className={liveStyles.title}>Topics</h1>
        <ClusterSummary overview={overview} />
        <TopicsTable overview={overview} />
      </main>
    </div>
  );
}
