"use client";
import Link from "next/link";
import { usePoll } from "../_shared/use-poll";
import { listSagas, ms, pct } from "./api";
import { CatchUpBar } from "./CatchUpBar";
import styles from "./sagas.module.css";
import ui from "../_ui/common.module.css";

/** Every defined saga: instances by state, outcome rates, durations, stuck and anomalies; broken definitions with their errors. */
export function SagasPage() {
  const { data, error } = usePoll((signal) => listSagas(signal), 2000, []);
  return (
    <>
      <h1 className={ui.title}>
        Sagas{" "}
        <Link href="/discovery" className={styles.link}>
          Discovered flows
        </Link>
      </h1>
      {error ? <p className={styles.warn}>could not refresh: {error}</p> : null}
      {data ? <CatchUpBar c={data.catchUp} /> : null}
      {data && data.sagas.length === 0 && data.broken.length === 0 ? (
        <p className={styles.muted}>
          No saga definitions. Add a JSON file to the sagas directory (SAGAS_DIR); see docs/sagas.md.
        </p>
      ) : null}
      <div className={styles.cards}>
        {data?.sagas.map((s) => (
          <section key={s.name} className={styles.card} aria-label={`saga ${s.name}`}>
            <h2>
              <Link href={`/sagas/${encodeURIComponent(s.name)}`}>{s.name}</Link>{" "}
              <span className={styles.muted}>{s.style}</span>
            </h2>
            {s.description ? <p className={styles.muted}>{s.description}</p> : null}
            <dl className={styles.stats}>
              <div>
                <dt>In progress</dt>
                <dd>{s.live}</dd>
              </div>
              <div>
                <dt>Completed</dt>
                <dd>
                  {s.finished.completed} <small>{pct(s.rates.completed)}</small>
                </dd>
              </div>
              <div>
                <dt>Compensated</dt>
                <dd>
                  {s.finished.compensated} <small>{pct(s.rates.compensated)}</small>
                </dd>
              </div>
              <div>
                <dt>Failed</dt>
                <dd>
                  {s.finished.failed} <small>{pct(s.rates.failed)}</small>
                </dd>
              </div>
              <div>
                <dt>Duration p50 / p95</dt>
                <dd>
                  {ms(s.durationMs.p50)} / {ms(s.durationMs.p95)}
                </dd>
              </div>
              <div>
                <dt>Stuck</dt>
                <dd data-bad={s.stuck > 0}>{s.stuck}</dd>
              </div>
            </dl>
            <p className={styles.muted}>
              Anomalies: {s.anomalies["invalid-transition"]} invalid transitions, {s.anomalies.duplicate} duplicates,{" "}
              {s.anomalies["out-of-order"]} out of order, {s.anomalies.stuck} stuck
              {s.unreadable ? ` · ${s.unreadable} records without a correlation id or event type` : ""}
              {s.evictedLive ? ` · ${s.evictedLive} live instances evicted (limit)` : ""}
            </p>
            <p className={styles.muted}>Topics: {s.topics.join(", ")}</p>
          </section>
        ))}
        {data?.broken.map((b) => (
          <section
            key={b.file}
            className={styles.card}
            data-broken
            aria-label={`broken definition ${b.saga ?? b.file}`}
          >
            <h2>{b.saga ?? "(unnamed)"} — broken definition</h2>
            <p className={styles.mono}>{b.file}</p>
            <ul>
              {b.errors.map((e, i) => (
                <li key={i}>
                  <span className={styles.mono}>{e.field}</span>: {e.message}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </>
  );
}
