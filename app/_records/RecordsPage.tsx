"use client";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { recordsRoutes, type RecordRangeView } from "@contract";
import { ApiError, call, type CodeOf } from "../_api/client";
import { StreamTable } from "../_live/StreamTable";
import styles from "./records.module.css";
import ui from "../_ui/common.module.css";

const PAGE = 50;

type Code = CodeOf<typeof recordsRoutes.range>;
/** Words for the codes that come without a message of their own; the server's messages say what was wrong with the read. */
const WORDS: Partial<Record<Code, string>> = {
  NETWORK: "The server cannot be reached.",
  INVALID_RESPONSE: "The server's answer could not be read.",
};
function problem(err: unknown): string {
  if (!(err instanceof ApiError)) return (err as Error).message;
  const said = err.detail.message;
  return WORDS[err.code as Code] ?? (typeof said === "string" ? said : err.code);
}

/** Records of one partition from an offset or a time, older than the live stream can show; pages back and forth. */
export function RecordsPage() {
  const params = useSearchParams();
  const router = useRouter();
  const topic = params.get("topic") ?? "";
  const partition = params.get("partition") ?? "0";
  const offset = params.get("offset");
  const time = params.get("time");
  const [form, setForm] = useState({ topic, partition, at: offset ?? time ?? "" });
  const [page, setPage] = useState<RecordRangeView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!topic) return;
    const abort = new AbortController();
    const at = offset ? { offset } : time ? { timestamp: time } : {};
    setLoading(true);
    call(recordsRoutes.range, { query: { topic, partition, limit: String(PAGE), ...at }, signal: abort.signal })
      .then((body) => {
        setPage(body);
        setError(null);
      })
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError(problem(err));
      })
      .finally(() => setLoading(false));
    return () => abort.abort();
  }, [topic, partition, offset, time]);

  const go = (o: { offset?: string; time?: string }) => {
    const q = new URLSearchParams({ topic: form.topic, partition: form.partition });
    if (o.offset !== undefined) q.set("offset", o.offset);
    if (o.time !== undefined) q.set("time", o.time);
    router.push(`/records?${q}`);
  };
  const newestFirst = [...(page?.records ?? [])].reverse();
  const first = page?.records[0]?.offset ?? page?.from;
  return (
    <>
      <h1 className={ui.title}>Records</h1>
      <form
        className={styles.form}
        onSubmit={(e) => {
          e.preventDefault();
          const at = form.at.trim();
          go(
            /^\d+$/.test(at) && at.length < 13
              ? { offset: at }
              : at
                ? { time: String(/^\d+$/.test(at) ? Number(at) : Date.parse(at)) }
                : { offset: "0" },
          );
        }}
      >
        <label>
          Topic{" "}
          <input
            aria-label="Topic"
            value={form.topic}
            onChange={(e) => setForm({ ...form, topic: e.target.value })}
            required
          />
        </label>
        <label>
          Partition{" "}
          <input
            aria-label="Partition"
            value={form.partition}
            onChange={(e) => setForm({ ...form, partition: e.target.value })}
            size={4}
          />
        </label>
        <label>
          From{" "}
          <input
            aria-label="From offset or time"
            value={form.at}
            placeholder="offset, or a time (2026-11-24T16:00:00Z)"
            onChange={(e) => setForm({ ...form, at: e.target.value })}
            size={30}
          />
        </label>
        <button type="submit">Read</button>
      </form>
      {error ? <p className={styles.error}>{error}</p> : null}
      {page ? (
        <div className={styles.pager}>
          <span role="status" aria-label="Records range">
            {page.records.length ? `offsets ${page.records[0]!.offset}–${page.records.at(-1)!.offset}` : "no records"}{" "}
            of {topic}/{partition} (partition holds {page.low}–{Number(page.high) - 1})
          </span>
          <button
            type="button"
            disabled={!first || BigInt(first) <= BigInt(page.low)}
            onClick={() => go({ offset: String(Math.max(Number(page.low), Number(first) - PAGE)) })}
          >
            Older
          </button>
          <button
            type="button"
            disabled={BigInt(page.next) >= BigInt(page.high)}
            onClick={() => go({ offset: page.next })}
          >
            Newer
          </button>
          {loading ? <span className={styles.muted}>loading…</span> : null}
        </div>
      ) : null}
      {topic ? (
        <StreamTable
          records={newestFirst}
          label="Records read"
          empty={loading ? "Reading…" : "No records in this range."}
        />
      ) : (
        <p className={styles.muted}>Choose a topic, a partition and where to start.</p>
      )}
    </>
  );
}
