"use client";
import Link from "next/link";
import { useState } from "react";
import type { AnomalyKindView } from "@contract";
import { usePoll } from "../_shared/use-poll";
import { getSaga, listInstances, ms, pct } from "./api";
import { CatchUpBar } from "./CatchUpBar";
import { SagaGraph } from "./SagaGraph";
import styles from "./sagas.module.css";
import ui from "../_ui/common.module.css";

const anomalies: AnomalyKindView[] = ["stuck", "invalid-transition", "duplicate", "out-of-order"];

/** One saga: its state machine with live counts per state; click a state, search or pick an anomaly to list instances. */
export function SagaPage({ name }: { name: string }) {
  const [state, setState] = useState("");
  const [q, setQ] = useState("");
  const [anomaly, setAnomaly] = useState("");
  const saga = usePoll((signal) => getSaga(name, signal), 2000, [name]);
  // Empty filters are left out of the URL (urlOf drops them).
  const instances = usePoll((signal) => listInstances(name, { state, q, anomaly }, signal), 2000, [
    name,
    state,
    q,
    anomaly,
  ]);
  const d = saga.data;
  return (
    <>
      <p className={styles.muted}>
        <Link href="/sagas">Sagas</Link> /
      </p>
      <h1 className={ui.title}>{name}</h1>
      {saga.error && !d ? <p className={styles.warn}>{saga.error}</p> : null}
      {d ? (
        <>
          <CatchUpBar c={d.catchUp} />
          <p className={styles.muted}>
            {d.summary.live} in progress · completed {pct(d.summary.rates.completed)} · compensated{" "}
            {pct(d.summary.rates.compensated)} · failed {pct(d.summary.rates.failed)} · p50{" "}
            {ms(d.summary.durationMs.p50)} · p95 {ms(d.summary.durationMs.p95)} · {d.summary.stuck} stuck
          </p>
          <SagaGraph
            definition={d.definition}
            counts={d.summary.byState}
            onState={(s) => setState(s === state ? "" : s)}
            label={`${name} state machine`}
          />
          <p className={styles.legend}>
            <span className={styles.legendForward}>—</span> step <span className={styles.legendComp}>- - -</span>{" "}
            compensation · numbers: instances in each state (in progress; finished ones kept in memory for terminal
            states) · click a state to list its instances
          </p>
        </>
      ) : null}
      <div className={styles.tools}>
        <input
          type="search"
          aria-label="Search by correlation id"
          placeholder="correlation id"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className={styles.search}
        />
        <label className={styles.muted}>
          State{" "}
          <select aria-label="State" value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">any</option>
            {Object.keys(d?.definition.states ?? {}).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.muted}>
          Anomaly{" "}
          <select aria-label="Anomaly" value={anomaly} onChange={(e) => setAnomaly(e.target.value)}>
            <option value="">any</option>
            {anomalies.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
      </div>
      <table className={styles.table} aria-label="Instances">
        <thead>
          <tr>
            <th>Correlation id</th>
            <th>State</th>
            <th>Started</th>
            <th>Last event</th>
            <th>Duration</th>
            <th>Events</th>
            <th>Anomalies</th>
          </tr>
        </thead>
        <tbody>
          {(instances.data?.instances ?? []).map((i) => (
            <tr key={i.id}>
              <td className={styles.mono}>
                <Link href={`/sagas/${encodeURIComponent(name)}/${encodeURIComponent(i.id)}`}>{i.id}</Link>
              </td>
              <td>
                <span className={styles.state} data-terminal={i.terminal ?? "none"}>
                  {i.state}
                </span>
              </td>
              <td className={styles.mono}>{new Date(i.startedAt).toLocaleTimeString()}</td>
              <td className={styles.mono}>{new Date(i.lastEventAt).toLocaleTimeString()}</td>
              <td className={styles.mono}>{ms(i.lastEventAt - i.startedAt)}</td>
              <td className={styles.mono}>{i.events}</td>
              <td>
                {[...(i.stuck && !i.anomalies.includes("stuck") ? ["stuck" as const] : []), ...i.anomalies].join(
                  ", ",
                ) || "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
