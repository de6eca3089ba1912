"use client";
import { useState } from "react";
import { deadLetterHeaderPattern, ReplayHeaders, type DeadLetterDetail } from "@contract";
import { detailText } from "../_shared/format";
import { describeError, discardDeadLetter, retryDeadLetter } from "./api";
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
  const [headers, setHeaders] = useState("");
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
        const r = await retryDeadLetter(d.id, {
          reason,
          ...(target.trim() ? { targetTopic: target.trim() } : {}),
          ...(edit
            ? { value, valueFormat: d.value.encoding === "json" ? "json" : "text", headers: parseHeaders(headers) }
            : {}),
          ...(force ? { force: true } : {}),
        });
        setMessage({
          ok: true,
          text: `Published to ${target.trim() || d.origin.topic} partition ${r.partition} at offset ${r.offset}.`,
        });
      } else {
        await discardDeadLetter(d.id, reason);
        setMessage({ ok: true, text: "Discarded." });
      }
      setReason("");
      setForce(false);
    } catch (err) {
      setMessage({ ok: false, text: describeError(err) });
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
            <input
              aria-label="Target topic"
              value={target}
              placeholder={d.origin.topic ?? "required: no original topic"}
              onChange={(e) => setTarget(e.target.value)}
            />
          </label>
          <label>
            <input
              type="checkbox"
              checked={edit}
              onChange={(e) => {
                setEdit(e.target.checked);
                if (e.target.checked && value === "") setValue(d.value.truncated ? "" : detailText(d.value));
                if (e.target.checked && headers === "") setHeaders(keptHeaders(d));
              }}
            />{" "}
            Edit the value first
          </label>
          {edit ? (
            <>
              <textarea
                aria-label="Edited value"
                value={value}
                onChange={(e) => setValue(e.target.value)}
                rows={8}
                className={styles.editor}
                spellCheck={false}
              />
              <label htmlFor="edited-headers" className={styles.muted}>
                Headers to publish, one <code>name: value</code> per line (dead-letter headers are already left out;
                Sagascope adds its replay headers)
              </label>
              <textarea
                id="edited-headers"
                aria-label="Edited headers"
                value={headers}
                onChange={(e) => setHeaders(e.target.value)}
                rows={4}
                className={styles.editor}
                spellCheck={false}
              />
            </>
          ) : null}
          {done ? (
            <label>
              <input
                type="checkbox"
                aria-label="Publish again"
                checked={force}
                onChange={(e) => setForce(e.target.checked)}
              />{" "}
              Publish again although it was {d.status}
            </label>
          ) : null}
        </>
      ) : null}
      <label>
        Reason{" "}
        <input
          aria-label="Reason"
          required
          value={reason}
          placeholder="why (kept in the audit log)"
          onChange={(e) => setReason(e.target.value)}
          className={styles.reason}
        />
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

/** The record's own headers as `name: value` lines, without dead-letter and earlier replay headers. */
function keptHeaders(d: DeadLetterDetail): string {
  const ours = new Set<string>(Object.values(ReplayHeaders));
  return (
    d.headers
      .filter((h) => !deadLetterHeaderPattern.test(h.name) && !ours.has(h.name) && h.value.encoding !== "hex")
      // Pretty JSON spans lines; one line per header.
      .map(
        (h) =>
          `${h.name}: ${h.value.encoding === "json" && !h.value.truncated ? JSON.stringify(JSON.parse(h.value.text)) : h.value.text.replace(/\n/g, " ")}`,
      )
      .join("\n")
  );
}

function parseHeaders(text: string): Array<{ name: string; value: string }> {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const i = line.indexOf(":");
      return i < 0 ? { name: line, value: "" } : { name: line.slice(0, i).trim(), value: line.slice(i + 1).trim() };
    })
    .filter((h) => h.name !== "");
}
