"use client";
import { StatusBar } from "./StatusBar";
import { StreamTable } from "./StreamTable";
import { Toolbar } from "./Toolbar";
import { FilterBar } from "./FilterBar";
import { useLive } from "./use-live";
import styles from "./live.module.css";

export function LivePage() {
  const live = useLive();
  return (
    <div className={styles.page}>
      <StatusBar live={live} />
      <main className={styles.main}>
        <h1 className={styles.title}>Live stream</h1>
        <FilterBar />
        <Toolbar live={live} />
        <StreamTable records={live.visible} />
      </main>
    </div>
  );
}
