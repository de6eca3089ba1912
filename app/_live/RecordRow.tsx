"use client";
import Link from "next/link";
import { memo, useEffect, useState } from "react";
import { recordsRoutes, type Preview, type SchemaRef, type WireRecord } from "@contract";
import { call, urlOf } from "../_api/client";
import { detailText, formatBytes, formatTime, oneLine, schemaLabel } from "../_shared/format";
import styles from "./live.module.css";

/** Kafka data is only ever rendered as text nodes: never as HTML, never as a link or image source. */
function Value({ p, max }: { p: Preview; max?: number }) {
  return (
    <span className={styles.value} data-encoding={p.encoding}>
      {oneLine(p, max)}
    </span>
  );
}

/** The headers an engineer scans for first; the rest keep their order. */
const FIRST = ["event-type", "ce_type", "saga-id", "kafka_dlt-exception-fqcn"];
function byInterest(headers: WireRecord["headers"]): WireRecord["headers"] {
  const rank = (name: string) => (FIRST.includes(name) ? FIRST.indexOf(name) : FIRST.length);
  return [...headers].sort((a, b) => rank(a.name) - rank(b.name));
}

export const RecordRow = memo(function RecordRow({
  r,
  expanded,
  onToggle,
  index,
  measure,
}: {
  r: WireRecord;
  expanded: boolean;
  onToggle: (id: string) => void;
  index: number;
  measure: (el: HTMLElement | null) => void;
}) {
  return (
    <tbody ref={measure} data-index={index}>
      <tr
        aria-rowindex={index + 2}
        className={styles.row}
        aria-label={`${r.topic} partition ${r.partition} offset ${r.offset}`}
        aria-expanded={expanded}
        tabIndex={0}
        onClick={() => onToggle(r.id)}
        onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && (e.preventDefault(), onToggle(r.id))}
      >
        <td className={styles.topic}>{r.topic}</td>
        <td className={styles.num}>{r.partition}</td>
        <td className={styles.num}>{r.offset}</td>
        <td className={styles.time}>{formatTime(r.timestamp)}</td>
        <td className={styles.key}>
          <Value p={r.key} max={40} />
        </td>
        <td className={styles.headers}>
          {byInterest(r.headers)
            .slice(0, 2)
            .map((h, i) => (
              <span key={i} className={styles.chip}>
                {h.name}={oneLine(h.value, 24)}
              </span>
            ))}
          {r.headers.length > 2 ? <span className={styles.more}>+{r.headers.length - 2}</span> : null}
        </td>
        <td className={styles.preview}>
          <Value p={r.value} />
          {r.value.truncated ? <span className={styles.badge}>truncated</span> : null}
        </td>
        <td className={styles.num}>{formatBytes(r.size)}</td>
      </tr>
      {expanded ? (
        <tr className={styles.detailRow}>
          <td colSpan={8}>
            <RecordDetail r={r} />
          </td>
        </tr>
      ) : null}
    </tbody>
  );
});

/**
 * A live record whose schema was not cached yet when it was ingested arrives
 * as hex; the record API decodes on demand (waiting for the schema), so the
 * opened record is read once more from there.
 */
function useDecodedOnDemand(r: WireRecord): WireRecord {
  const [fresh, setFresh] = useState<WireRecord | null>(null);
  const retry = !!(r.keySchema?.error?.retriable || r.valueSchema?.error?.retriable);
  useEffect(() => {
    if (!retry) return;
    const abort = new AbortController();
    call(recordsRoutes.one, {
      params: { topic: r.topic, partition: String(r.partition), offset: r.offset },
      signal: abort.signal,
    })
      .then(setFresh)
      .catch(() => undefined);
    return () => abort.abort();
  }, [r.id, r.topic, r.partition, r.offset, retry]);
  return fresh?.id === r.id ? fresh : r;
}

function SchemaNote({ of }: { of?: SchemaRef }) {
  if (!of) return null;
  return (
    <>
      {" "}
      <span className={styles.badge} data-testid="schema" role={of.error ? "note" : undefined}>
        {schemaLabel(of)}
      </span>
    </>
  );
}

function RecordDetail({ r: received }: { r: WireRecord }) {
  const r = useDecodedOnDemand(received);
  return (
    <div className={styles.detail} role="region" aria-label={`Record ${r.id}`}>
      <p className={styles.detailMeta} data-testid="record-meta">
        {r.topic} · partition {r.partition} · offset {r.offset} · {formatBytes(r.size)} ·{" "}
        {r.timestampType ?? "timestamp"} {new Date(r.timestamp).toISOString()} ·{" "}
        {r.compression ? `compressed with ${r.compression}` : "uncompressed"}
      </p>
      <section>
        <h3>
          Value{" "}
          <small>
            {r.value.encoding} · {formatBytes(r.value.bytes)}
            {r.value.truncated ? " · preview truncated" : ""}
          </small>
          <SchemaNote of={r.valueSchema} />{" "}
          {r.value.truncated ? (
            <a
              href={urlOf(recordsRoutes.value, {
                params: { topic: r.topic, partition: String(r.partition), offset: r.offset },
              })}
              download
              className={styles.traceLink}
            >
              download the whole value
            </a>
          ) : null}
        </h3>
        <pre className={styles.pre}>{r.value.encoding === "null" ? "null (tombstone)" : detailText(r.value)}</pre>
      </section>
      <section>
        <h3>
          Key <small>{r.key.encoding}</small>
          <SchemaNote of={r.keySchema} />
        </h3>
        <pre className={styles.pre}>{r.key.encoding === "null" ? "null" : r.key.text}</pre>
        <h3>
          Headers <small>{r.headers.length}</small>
        </h3>
        <table className={styles.headerTable}>
          <tbody>
            {r.headers.map((h, i) => (
              <tr key={i}>
                <th scope="row">{h.name}</th>
                <td>
                  <code data-encoding={h.value.encoding}>{h.value.encoding === "null" ? "null" : h.value.text}</code>
                  <TraceLink name={h.name} value={h.value} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

const TRACEABLE = new Set([
  "traceparent",
  "saga-id",
  "correlation-id",
  "correlationId",
  "ce_id",
  "ce_subject",
  "event-id",
]);

/** A link to every record carrying this id; the id travels URL-encoded in the query, never as a link target of its own. */
function TraceLink({ name, value }: { name: string; value: Preview }) {
  if (!TRACEABLE.has(name) || value.encoding !== "text" || value.truncated || !value.text || value.text.length > 200)
    return null;
  const id = name === "traceparent" ? (/^00-([0-9a-f]{32})-/.exec(value.text)?.[1] ?? null) : value.text;
  if (!id) return null;
  return (
    <>
      {" "}
      <Link href={`/traces?id=${encodeURIComponent(id)}`} className={styles.traceLink} aria-label={`trace ${name}`}>
        trace
      </Link>
    </>
  );
}
