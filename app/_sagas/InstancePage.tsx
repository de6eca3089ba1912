"use client";
import Link from "next/link";
import { useMemo } from "react";
import type { InstanceView, SagaDefinitionView } from "@contract";
import { usePoll } from "../_shared/use-poll";
import { getInstance, getSaga, ms } from "./api";
import { SagaGraph, type GraphHighlight } from "./SagaGraph";
import styles from "./sagas.module.css";
import ui from "../_ui/common.module.css";

/** One saga instance: its path on the graph, a timeline of steps with durations, its records and anomalies. */
export function InstancePage({ name, id }: { name: string; id: string }) {
  const saga = usePoll((signal) => getSaga(name, signal), 10_000, [name]);
  const inst = usePoll((signal) => getInstance(name, id, signal), 2000, [name, id]);
  const i = inst.data;
  const highlight = useMemo(() => (i ? pathOf(i) : undefined), [i]);
  return (
    <>
      <p className={styles.muted}>
        <Link href="/sagas">Sagas</Link> / <Link href={`/sagas/${encodeURIComponent(name)}`}>{name}</Link> /
      </p>
      <h1 className={ui.title}>
        <span className={styles.mono}>{id}</span>{" "}
        {i ? (
          <span className={styles.state} data-terminal={i.terminal ?? "none"} aria-label="Current state">
            {i.state}
          </span>
        ) : null}
        {i?.stuck ? <span className={styles.stuckBadge}>stuck</span> : null}
      </h1>
      {inst.error && !i ? <p className={styles.warn}>{inst.error}</p> : null}
      {saga.data && highlight ? (
        <SagaGraph definition={saga.data.definition} highlight={highlight} label={`${id} path`} />
      ) : null}
      {i ? (
        <>
          <Timeline i={i} definition={saga.data?.definition} />
          {i.anomalyList.length ? (
            <section className={styles.card} aria-label="Anomalies">
              <h2>Anomalies</h2>
              <ul>
                {i.anomalyList.map((a, k) => (
                  <li key={k}>
                    <b>{a.kind}</b> at {new Date(a.at).toLocaleTimeString()}: {a.message}
                    {a.record ? (
                      <span className={styles.mono}>
                        {" "}
                        ({a.record.topic}/{a.record.partition}/{a.record.offset})
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <table className={styles.table} aria-label="Events">
            <thead>
              <tr>
                <th>Time</th>
                <th>Event</th>
                <th>Record</th>
                <th>Transition</th>
                <th>Event id</th>
              </tr>
            </thead>
            <tbody>
              {i.history.map((h) => (
                <tr key={`${h.topic}/${h.partition}/${h.offset}`} data-refused={h.refused ?? "no"}>
                  <td className={styles.mono}>
                    {new Date(h.timestamp).toLocaleTimeString([], { hour12: false })}.
                    {String(h.timestamp % 1000).padStart(3, "0")}
                  </td>
                  <td>
                    {h.type} {h.compensation ? <span className={styles.compTag}>compensation</span> : null}
                  </td>
                  <td className={styles.mono}>
                    <Link
                      href={`/records?topic=${encodeURIComponent(h.topic)}&partition=${h.partition}&offset=${h.offset}`}
                    >
                      {h.topic}/{h.partition}/{h.offset}
                    </Link>
                  </td>
                  <td>
                    {h.refused ? <span className={styles.refused}>refused: {h.refused}</span> : `${h.from} → ${h.to}`}
                  </td>
                  <td className={styles.mono}>{h.eventId ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </>
  );
}

function pathOf(i: InstanceView): GraphHighlight {
  const applied = i.history.filter((h) => h.refused === null);
  return {
    states: new Set([...applied.map((h) => h.from), ...applied.map((h) => h.to)]),
    edges: new Set(applied.map((h) => `${h.from}|${h.type}|${h.to}`)),
    current: i.state,
  };
}

/** Gantt-like bars: one per state visited, from the event that entered it to the next. */
function Timeline({ i, definition }: { i: InstanceView; definition?: SagaDefinitionView }) {
  const start = i.startedAt;
  const end = Math.max(i.lastEventAt, ...i.steps.map((s) => s.to ?? Date.now()));
  const span = Math.max(end - start, 1);
  return (
    <section className={styles.card} aria-label="Timeline">
      <h2>
        Timeline <span className={styles.muted}>total {ms(i.lastEventAt - i.startedAt)}</span>
      </h2>
      <ol className={styles.timeline}>
        {i.steps.map((s, k) => {
          const to = s.to ?? Date.now();
          const left = ((s.from - start) / span) * 100;
          const width = Math.max(((to - s.from) / span) * 100, 0.5);
          const terminal = definition?.states[s.state]?.terminal;
          return (
            <li key={k}>
              <span className={styles.timelineLabel}>{s.state}</span>
              <span className={styles.timelineTrack}>
                <span
                  className={styles.timelineBar}
                  data-terminal={terminal ?? "none"}
                  data-open={s.to === null}
                  style={{ left: `${left}%`, width: terminal ? "4px" : `${width}%` }}
                />
              </span>
              <span className={styles.timelineDur}>
                {terminal ? "end" : s.to === null ? `${ms(to - s.from)} so far` : ms(to - s.from)}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
