"use client";
import { useState } from "react";
import type { DeadLetterDetail } from "@contract";
import { ApiError, discardDeadLetter, retryDeadLetter } from "./api";
import styles from "./dlq.module.css";

type Mode = "retry" | "discard";

/**
 * Retry (optionally with an edited value), or discard, each with a reason.
 * The button is disabled while a request is in flight, but at-most-once is
 * the server's job: a double click that gets through still publishes once.
 */
export function Actions({ d, onDone }: { d: DeadLetterDetail; onDone: () => void }) {
  const [mode, setMode] = useState<Mode>("retry");
  const [reason, setReason] = useState("");
  const [target, setTarget] = useState("");
  const [edit, setEdit] = useState(false);
  const [value, setValue] = useState("");
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const done = d.status === "published" || d.status === "discarded";

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      if (mode === "retry") {
        const r = (await retryDeadLetter(d.id, {
          reason,
          ...(target.trim() ? { targetTopic: target.trim() } : {}),
          ...(edit ? { value, valueFormat: d.value.encoding === "json" ? "json" : "text" } : {}),
          ...(force ? { force: true } : {}),
        })) as { partition: number; offset: string };
        setMessage({ ok: true, text: `Published to ${target.trim() || d.origin.topic} partition ${r.partition} at offset ${r.offset}.` });
      } else {
        await discardDeadLetter(d.id, reason);
        setMessage({ ok: true, text: "Discarded." });
      }
      setReason("");
      setForce(false);
    } catch (err) {
      const text = err instanceof ApiError ? `${err.message}${err.detail ? ` (${err.detail})` : ""}` : (err as Error).message;
      setMessage({ ok: false, text });
    } finally {
      setBusy(false);
      onDone();
    }
  };

  return (
    <form className={styles.actions} onSubmit={(e) => void submit(e)} aria-label="Actions">
      <div role="radiogroup" aria-label="Action" className={styles.segmented}>
        {(["retry", "discard"] as const).map((m) => (
          <button key={m} type="button" role="radio" aria-checked={mode === m} onClick={() => setMode(m)}>
            {m === "retry" ? "Retry" : "Discard"}
          </button>
        ))}
      </div>
      {mode === "retry" ? (
        <>
          <label>
            Target topic{" "}
            <input aria-label="Target topic" value={target} placeholder={d.origin.topic ?? "required: no original topic"} onChange={(e) => setTarget(e.target.value)} />
          </label>
          <label>
            <input
              type="checkbox"
              checked={edit}
              onChange={(e) => {
                setEdit(e.target.checked);
                if (e.target.checked && value === "") setValue(d.value.truncated ? "" : d.value.text);
              }}
            />{" "}
            Edit the value first
          </label>
          {edit ? <textarea aria-label="Edited value" value={value} onChange={(e) => setValue(e.target.value)} rows={8} className={styles.editor} spellCheck={false} /> : null}
          {done ? (
            <label>
              <input type="checkbox" aria-label="Publish again" checked={force} onChange={(e) => setForce(e.target.checked)} /> Publish again although it was {d.status}
            </label>
          ) : null}
        </>
      ) : null}
      <label>
        Reason{" "}
        <input aria-label="Reason" required value={reason} placeholder="why (kept in the audit log)" onChange={(e) => setReason(e.target.value)} className={styles.reason} />
      </label>
      <button type="submit" disabled={busy || d.status === "retrying"} className={styles.primary}>
        {busy ? "Working…" : mode === "retry" ? (edit ? "Publish edited record" : "Retry now") : "Discard"}
      </button>
      {message ? (
        <p role="alert" className={message.ok ? styles.okText : styles.error}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
