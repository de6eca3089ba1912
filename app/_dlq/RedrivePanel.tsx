"use client";
import { useState } from "react";
import type { RedriveBody } from "@contract";
import { cancelRedrive, getRedrive, startRedrive, wordsFor } from "./api";
import { usePoll } from "../_shared/use-poll";
import styles from "./dlq.module.css";

/**
 * Bulk redrive of the open (new or failed) dead letters of one topic that
 * match the page's filter, at a rate limit, with progress and cancel.
 */
export function RedrivePanel({
  dltTopic,
  filter,
  open,
  onChanged,
}: {
  dltTopic: string;
  filter: RedriveBody["filter"];
  open: number;
  onChanged: () => void;
}) {
  const [rate, setRate] = useState(50);
  const [reason, setReason] = useState("");
  const [redriveId, setRedriveId] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const start = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const r = await startRedrive({ dltTopic, filter, ratePerSec: rate, reason });
      setRedriveId(r.id);
      setReason("");
    } catch (err) {
      setMessage(wordsFor(err));
    } finally {
      setBusy(false);
      onChanged();
    }
  };

  return (
    <section className={styles.redrive} aria-label="Bulk redrive">
      <form onSubmit={(e) => void start(e)} className={styles.redriveForm}>
        <strong>Redrive</strong>
        <span>
          the <b>{open}</b> open record{open === 1 ? "" : "s"} of <span className={styles.mono}>{dltTopic}</span>{" "}
          matching this filter, at
        </span>
        <input
          type="number"
          aria-label="Records per second"
          min={1}
          max={5000}
          value={rate}
          onChange={(e) => setRate(Math.max(1, Number(e.target.value) || 1))}
          className={styles.rate}
        />
        <span>records/s</span>
        <input
          aria-label="Redrive reason"
          required
          placeholder="reason (audit log)"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <button type="submit" className={styles.primary} disabled={busy || open === 0}>
          Start redrive
        </button>
        {message ? (
          <span role="alert" className={styles.error}>
            {message}
          </span>
        ) : null}
      </form>
      {redriveId ? <RedriveProgress id={redriveId} onChanged={onChanged} /> : null}
    </section>
  );
}

function RedriveProgress({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { data: r } = usePoll((signal) => getRedrive(id, signal), 500, [id]);
  const [cancelError, setCancelError] = useState<string | null>(null);
  if (!r) return null;
  const published = r.counts.published ?? 0;
  const failed = r.counts.failed ?? 0;
  const done = published + failed;
  return (
    <div className={styles.progressRow}>
      <progress aria-label="Redrive progress" max={Math.max(r.total, 1)} value={done} />
      <span role="status" aria-label="Redrive state">
        {r.state}: {published} published, {failed} failed, {r.total - done} to go of {r.total}
      </span>
      {r.state === "running" ? (
        <button
          type="button"
          onClick={() =>
            void cancelRedrive(id).then(
              () => onChanged(),
              (err: unknown) => setCancelError(wordsFor(err)),
            )
          }
        >
          Cancel redrive
        </button>
      ) : null}
      {cancelError ? <span className={styles.error}>{cancelError}</span> : null}
    </div>
  );
}
