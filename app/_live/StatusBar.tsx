"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import type { StatusErrorCode } from "@contract";
import type { LiveSnapshot } from "./live-store";
import { logout } from "../_auth/api";
import { can, useSession } from "../_auth/session";
import styles from "./live.module.css";

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

function Pill({ label, state, detail }: { label: string; state: "connected" | "connecting" | "disconnected"; detail?: string }) {
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

const pages = [
  { href: "/", label: "Stream" },
  { href: "/topics", label: "Topics" },
  { href: "/records", label: "Records" },
  { href: "/traces", label: "Traces" },
  { href: "/groups", label: "Groups" },
  { href: "/sagas", label: "Sagas" },
  { href: "/dlq", label: "Dead letters" },
  { href: "/audit", label: "Audit" },
  { href: "/demo", label: "Scenario" },
];

function Nav() {
  const path = usePathname();
  const session = useSession();
  const shown = can(session, "admin") ? [...pages, { href: "/admin", label: "Admin" }] : pages;
  return (
    <nav aria-label="Pages" className={styles.nav}>
      {shown.map((p) => (
        <Link key={p.href} href={p.href} aria-current={path === p.href ? "page" : undefined} className={styles.navLink}>
          {p.label}
        </Link>
      ))}
    </nav>
  );
}

/** Who is signed in, or the open-mode warning that every page carries. */
function Account() {
  const session = useSession();
  if (!session) return null;
  if (session.mode === "open") {
    return (
      <div className={styles.noLogin} role="note" aria-label="No login">
        No login: open to anyone on this machine
      </div>
    );
  }
  if (!session.user) return null;
  return (
    <div className={styles.account} aria-label="Signed in">
      <Link href="/account" className={styles.navLink}>
        {session.user.username} <span className={styles.role}>{session.user.role}</span>
      </Link>
      <button type="button" className={styles.signOut} onClick={() => void logout()}>
        Sign out
      </button>
    </div>
  );
}

export function StatusBar({ live }: { live: LiveSnapshot }) {
  const now = useNow(1000);
  const kafka = live.status?.kafka;
  // While the browser is not connected, the last known Kafka state is stale: say so.
  const kafkaState = live.socket !== "connected" || !kafka ? "connecting" : kafka.state;
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
      <Pill label="Server" state={live.socket} />
      <Pill label="Kafka" state={kafkaState} detail={kafkaDetail} />
      <Account />
      <dl className={styles.counters}>
        <div>
          <dt>topics</dt>
          <dd>{kafka?.topics.length ?? "–"}</dd>
        </div>
        <div>
          <dt>records ingested</dt>
          <dd>{live.status?.recordsIngested.toLocaleString() ?? "–"}</dd>
        </div>
      </dl>
    </header>
  );
}
