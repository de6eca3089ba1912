"use client";
import { useState } from "react";
import type { HistoryView } from "./history";
import { StartFrom } from "./StartFrom";
import { StreamTable } from "./StreamTable";
import { TailPicker } from "./TailPicker";
import { Toolbar } from "./Toolbar";
import { FilterBar } from "./FilterBar";
import { useLive } from "../_shell/use-live";
import ui from "../_ui/common.module.css";

export function LivePage() {
  const live = useLive();
  const [history, setHistory] = useState<HistoryView | null>(null);
  return (
    <>
      <h1 className={ui.title}>Live stream</h1>
      <TailPicker live={live} />
      <FilterBar />
      <StartFrom view={history} onView={setHistory} />
      <Toolbar live={live} />
      {history ? (
        <StreamTable
          key={`history:${history.topic}:${history.from}`}
          records={history.records}
          label={`Records of ${history.topic}`}
          empty="No records there."
        />
      ) : (
        <StreamTable key="live" records={live.visible} />
      )}
    </>
  );
}
