"use client";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import type { DemoState } from "@contract";
import { usePoll } from "../_shared/use-poll";
import { can, useSession } from "../_shell/session";
import ui from "../_ui/common.module.css";
import { loadDemo, type DemoLoad } from "./api";
import { Levers } from "./Levers";
import { ServicesTable } from "./ServicesTable";
import { Totals } from "./Totals";
import styles from "./demo.module.css";

function NotRunning() {
  return (
    <p className={styles.notRunning} role="status">
      No demo is running in this server. Start one with <code>npm run demo</code>.
    </p>
  );
}

function WhereItShows() {
  return (
    <nav aria-label="Where the effect shows" className={styles.links}>
      <span className={ui.muted}>Where it shows:</span>
      <Link href="/groups">Consumer-group lag</Link>
      <Link href="/sagas/order">Saga graph</Link>
      <Link href="/dlq">Dead letters</Link>
    </nav>
  );
}

/**
 * The state shown: a lever's answer right away, until the poll after it
 * arrives (a lever refreshes the poll, which cancels one in flight, so the next
 * poll already reflects the lever).
 */
function useDemoState() {
  const poll = usePoll(loadDemo, 1000, []);
  const latest = useRef<DemoLoad | null>(null);
  useEffect(() => {
    latest.current = poll.data;
  }, [poll.data]);
  const [fresh, setFresh] = useState<{ state: DemoState; over: DemoLoad | null } | null>(null);
  const onDone = (state: DemoState) => {
    setFresh({ state, over: latest.current });
    poll.refresh();
  };
  const state = fresh && fresh.over === poll.data ? fresh.state : poll.data?.running ? poll.data.state : null;
  return { data: poll.data, error: poll.error, state, onDone };
}

/** The demo's scenario controls: levers, what each service is doing, the sagas' totals. */
export function ScenarioPage() {
  const session = useSession();
  const { data, error, state, onDone } = useDemoState();
  const allowed = can(session, "operator");
  return (
    <>
      <div className={styles.titleRow}>
        <h1 className={ui.title}>Scenario</h1>
        {state ? (
          <span className={ui.muted}>demo running since {new Date(state.startedAt).toLocaleTimeString()}</span>
        ) : null}
        <WhereItShows />
      </div>
      {error ? (
        <p className={styles.error} role="alert">
          Could not read the demo&apos;s state: {error}
        </p>
      ) : null}
      {!data && !error ? <p className={ui.muted}>Loading…</p> : null}
      {data?.running === false && !state ? <NotRunning /> : null}
      {state ? (
        <>
          {session && !allowed ? (
            <p className={styles.note} role="note">
              You can watch; the scenario controls need the operator role.
            </p>
          ) : null}
          <Levers state={state} allowed={allowed} onDone={onDone} />
          <ServicesTable services={state.services} allowed={allowed} onDone={onDone} />
          <Totals state={state} />
        </>
      ) : null}
    </>
  );
}
