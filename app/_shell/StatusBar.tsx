"use client";
import Link from "next/link";
import { useEffect, useState, useSyncExternalStore } from "react";
import type { StatusErrorCode } from "@contract";
import { recordsPerSec } from "../_reads/rate";
import { Account } from "./Account";
import { liveStore } from "./connection";
import { Nav } from "./Nav";
import styles from "./shell.module.css";

/** What an operator should read for each server-side error code. */
const errorText: Record<StatusErrorCode, string> = {
  KAFKA_UNREACHABLE: "Kafka brokers unreachable",
  KAFKA_CONSUMER_CRASHED: "Kafka consumer stopped",
  KAFKA_METADATA_FAILED: "Could not read topic metadata",
  KAFKA_AUTH_FAILED: "Kafka refused the login (SASL)",
  KAFKA_TLS_FAILED: "Kafka's TLS certificate not trusted",
  DATABASE_UNREACHABLE: "Database unreachable",
};

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

function Pill({
  label,
  state,
  detail,
}: {
  label: string;
  state: "connected" | "connecting" | "disconnected";
  detail?: string;
}) {
  return (
    <div className={styles.pill} data-state={state}>
      <span className={styles.dot} aria-hidden />
      <span className={styles.pillLabel}>{label}</span>
      <span role="status" aria-label={`${label} connection`} className={styles.pillState}>
        {state}
      </span>
      {detail ? <span className={styles.pillDetail}>{detail}</span> : null}
    </div>
  );
}

// Selectors, not the whole snapshot: the bar re-renders when the status or the socket changes, not per record batch.
const socketState = () => liveStore.getSnapshot().socket;
const serverStatus = () => liveStore.getSnapshot().status;

/** The header of every page but the login page; mounted once, by the shell. */
export function StatusBar() {
  const now = useNow(1000);
  const socket = useSyncExternalStore(liveStore.subscribe, socketState, socketState);
  const status = useSyncExternalStore(liveStore.subscribe, serverStatus, serverStatus);
  const kafka = status?.kafka;
  // While the browser is not connected, the last known Kafka state is stale: say so.
  const kafkaState = socket !== "connected" || !kafka ? "connecting" : kafka.state;
  let kafkaDetail = kafka?.brokers.join(", ");
  if (kafka?.state === "disconnected" && kafka.error) {
    const retry = kafka.retryAt ? Math.max(0, Math.ceil((kafka.retryAt - now) / 1000)) : null;
    kafkaDetail = `${errorText[kafka.error.code]}: ${kafka.error.message}${retry !== null ? ` — retrying in ${retry} s` : ""}`;
  }
  return (
    <header className={styles.header}>
      <div className={styles.brand}>
        <span className={styles.logo} aria-hidden>
          ◆
        </span>
        Sagascope
      </div>
      <Nav />
      <Pill label="Server" state={socket} />
      <Pill label="Kafka" state={kafkaState} detail={kafkaDetail} />
      <Account />
      <dl className={styles.counters}>
        <div>
          <dt>topics</dt>
          <dd>{(status?.reads?.inScope ?? kafka?.topics.length)?.toLocaleString() ?? "–"}</dd>
        </div>
        <div>
          <dt>records read</dt>
          <dd>{status?.recordsIngested.toLocaleString() ?? "–"}</dd>
        </div>
        {status?.reads ? (
          <div>
            <dt>reads</dt>
            <dd>
              <Link href="/reads" title="What Sagascope reads, and why">
                {status.reads.topics.toLocaleString()} topics · {recordsPerSec(status.reads.recordsPerSec)}
              </Link>
            </dd>
          </div>
        ) : null}
      </dl>
    </header>
  );
}
