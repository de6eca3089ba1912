"use client";
import type { DemoServiceView, DemoState } from "@contract";
import { setOutage } from "./api";
import { percent } from "./format";
import { useLever } from "./use-lever";
import ui from "../_ui/common.module.css";
import styles from "./demo.module.css";

function OutageButton({
  s,
  allowed,
  onDone,
}: {
  s: DemoServiceView;
  allowed: boolean;
  onDone: (state: DemoState) => void;
}) {
  const lever = useLever(onDone);
  const verb = s.up ? "Take down" : "Bring back";
  return (
    <>
      <button
        type="button"
        className={styles.button}
        data-danger={s.up || undefined}
        aria-label={`${verb} ${s.service}`}
        disabled={!allowed || lever.busy}
        onClick={() => void lever.run(() => setOutage({ service: s.service, down: s.up }))}
      >
        {verb}
      </button>
      {lever.error ? (
        <span className={styles.error} role="alert">
          {lever.error}
        </span>
      ) : null}
    </>
  );
}

const n = (v: number) => v.toLocaleString();

/** One row per demo service: up or down, what its consumer did, its outbox, its failure share, and its outage lever. */
export function ServicesTable({
  services,
  allowed,
  onDone,
}: {
  services: DemoServiceView[];
  allowed: boolean;
  onDone: (state: DemoState) => void;
}) {
  return (
    <table className={ui.table} aria-label="Demo services">
      <thead>
        <tr>
          <th>Service</th>
          <th>State</th>
          <th className={styles.num}>Processed</th>
          <th className={styles.num}>Duplicates skipped</th>
          <th className={styles.num}>Retries</th>
          <th className={styles.num}>Dead-lettered</th>
          <th className={styles.num}>Outbox backlog</th>
          <th className={styles.num}>Outbox sent</th>
          <th className={styles.num}>Failure share</th>
          <th>Outage</th>
        </tr>
      </thead>
      <tbody>
        {services.map((s) => (
          <tr key={s.service} aria-label={s.service}>
            <th scope="row" className={styles.service}>
              {s.service}
              <span className={styles.group}>{s.group}</span>
            </th>
            <td>
              <span className={styles.badge} data-up={s.up}>
                {s.up ? "up" : "down"}
              </span>
            </td>
            <td className={styles.num}>{n(s.processed)}</td>
            <td className={styles.num}>{n(s.duplicatesSkipped)}</td>
            <td className={styles.num}>{n(s.retries)}</td>
            <td className={styles.num} data-alert={s.deadLettered > 0 || undefined}>
              {n(s.deadLettered)}
            </td>
            <td className={styles.num}>
              <span
                className={styles.backlog}
                data-backlog={s.outboxBacklog > 0 || undefined}
                title={s.outboxBacklog > 0 ? "written but not yet published by the relay" : undefined}
              >
                {n(s.outboxBacklog)}
              </span>
            </td>
            <td className={styles.num}>{n(s.outboxSent)}</td>
            <td className={styles.num}>{percent(s.failureShare)}</td>
            <td>
              <OutageButton s={s} allowed={allowed} onDone={onDone} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
