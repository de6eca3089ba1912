"use client";
import { useDeferredValue, useMemo, useState } from "react";
import { platformRoutes } from "@contract";
import { call } from "../_api/client";
import { formatBytes } from "../_shared/format";
import { usePoll } from "../_shared/use-poll";
import ui from "../_ui/common.module.css";
import { recordsPerSec } from "./rate";

const KIND: Record<string, string> = {
  kept: "positions kept",
  shared: "INGEST_TOPICS reader",
  live: "from when asked",
};

/** How a topic is read and whether its reader reads now ("positions kept · reading"). */
function readerText(
  kind: string | undefined,
  reader: { state: string; error: { code: string } | null } | undefined,
): string {
  const how = kind ? (KIND[kind] ?? kind) : "";
  const now = reader ? (reader.error ? `${reader.state} (${reader.error.code})` : reader.state) : "";
  return [how, now].filter(Boolean).join(" · ");
}

/** Rows rendered at once: a cluster of thousands of topics is narrowed with the filter, not scrolled. */
const SHOWN = 200;

/**
 * What Sagascope reads: every topic whose records it reads, which
 * capabilities want it and why, and the totals (from /api/status, every 5 s).
 */
export function ReadsPage() {
  const { data, error } = usePoll((signal) => call(platformRoutes.status, { signal }), 5000, []);
  const [filter, setFilter] = useState("");
  const needle = useDeferredValue(filter.trim().toLowerCase());
  const reads = data?.reads;
  const matching = useMemo(
    () => (reads?.byTopic ?? []).filter((t) => !needle || t.topic.toLowerCase().includes(needle)),
    [reads, needle],
  );
  return (
    <>
      <h1 className={ui.title}>What Sagascope reads</h1>
      {error && !data ? <p className={ui.muted}>{error}</p> : null}
      {reads ? (
        <section aria-label="Read totals">
          {reads.topics.toLocaleString()} topics · {recordsPerSec(reads.recordsPerSec)} ·{" "}
          {formatBytes(Math.round(reads.bytesPerSec))}/s
          {reads.inScope !== undefined ? (
            <span className={ui.muted}>
              {" "}
              — of {reads.inScope.toLocaleString()} topics in the cluster; the others are counted from their offsets,
              their records read only when something watches them.
            </span>
          ) : null}
        </section>
      ) : data ? (
        <p className={ui.muted}>This server does not say what it reads.</p>
      ) : null}
      <input
        className={ui.search}
        type="search"
        aria-label="Filter topics"
        placeholder="Filter topics"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <table className={ui.table} aria-label="Topics read">
        <thead>
          <tr>
            <th>Topic</th>
            <th>Read by</th>
            <th>Why</th>
            <th>Reader</th>
          </tr>
        </thead>
        <tbody>
          {matching.slice(0, SHOWN).map((t) =>
            t.wantedBy.map((w, i) => (
              <tr key={`${t.topic}\u0000${w.capability}`} data-topic={t.topic}>
                {i === 0 ? (
                  <td rowSpan={t.wantedBy.length} className={ui.mono}>
                    {t.topic}
                  </td>
                ) : null}
                <td>{w.capability}</td>
                <td>{w.why}</td>
                {i === 0 ? (
                  <td rowSpan={t.wantedBy.length} title={t.reader?.error?.message}>
                    {readerText(t.kind, t.reader)}
                  </td>
                ) : null}
              </tr>
            )),
          )}
        </tbody>
      </table>
      {matching.length > SHOWN ? (
        <p className={ui.muted}>
          {SHOWN} of {matching.length.toLocaleString()} topics shown; filter to find the others.
        </p>
      ) : null}
    </>
  );
}
