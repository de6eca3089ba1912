"use client";
import { useSyncExternalStore } from "react";
import { overviewStore } from "../_shell/connection";
import { ClusterSummary } from "./ClusterSummary";
import { TopicsTable } from "./TopicsTable";
import ui from "../_ui/common.module.css";

export function TopicsPage() {
  const overview = useSyncExternalStore(overviewStore.subscribe, overviewStore.getSnapshot, () => null);
  return (
    <>
      <h1 className={ui.title}>Topics</h1>
      <ClusterSummary overview={overview} />
      <TopicsTable />
    </>
  );
}
