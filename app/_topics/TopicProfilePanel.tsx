"use client";
import type { TopicProfile, ValueFormat } from "@contract";
import { formatBytes } from "../_shared/format";
import { useProfile } from "./use-profile";
import styles from "./topics.module.css";

export const FORMAT_LABEL: Record<ValueFormat, string> = {
  json: "JSON",
  text: "text",
  binary: "binary",
  "schema-registry": "Schema Registry",
  tombstone: "tombstones",
  empty: "empty",
};

const pct = (share: number) => `${Math.round(share * 100)} %`;
const ago = (at: number) => {
  const s = Math.max(0, Math.round((Date.now() - at) / 1000));
  return s < 60 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
};

/** Names with shares, as text (header names and event types come from the records: never markup). */
function Shares({
  label,
  items,
  more,
}: {
  label: string;
  items: Array<{ name: string; share: number }>;
  more?: boolean;
}) {
  if (items.length === 0) return <span className={styles.muted}>none</span>;
  return (
    <ul className={styles.shares} aria-label={label}>
      {items.map((i) => (
        <li key={i.name}>
          <span className={styles.shareName} title={i.name}>
            {i.name}
          </span>{" "}
          <span className={styles.muted}>{pct(i.share)}</span>
        </li>
      ))}
      {more ? <li className={styles.muted}>and more</li> : null}
    </ul>
  );
}

function Profile({ p }: { p: TopicProfile }) {
  return (
    <dl className={styles.profile}>
      <dt>Format</dt>
      <dd>
        {p.formats.length === 0
          ? "no records"
          : p.formats.map((f) => `${FORMAT_LABEL[f.format]} ${pct(f.share)}`).join(" · ")}
        {p.schemaIds.length ? ` (schema ids ${p.schemaIds.map((s) => s.id).join(", ")})` : ""}
      </dd>
      <dt>Keys</dt>
      <dd>{p.records ? `${pct(p.keyShare)} of records have a key` : "–"}</dd>
      <dt>Value sizes</dt>
      <dd>
        {p.valueBytes
          ? `min ${formatBytes(p.valueBytes.min)} · median ${formatBytes(p.valueBytes.median)} · p95 ${formatBytes(p.valueBytes.p95)} · max ${formatBytes(p.valueBytes.max)}`
          : "–"}
      </dd>
      <dt>Event types</dt>
      <dd>
        <Shares
          label="Event types"
          items={p.eventTypes.map((t) => ({ name: t.type, share: t.share }))}
          more={p.eventTypesLimited}
        />
        {p.eventTypeSource ? <span className={styles.muted}>from {p.eventTypeSource}</span> : null}
      </dd>
      <dt>Headers</dt>
      <dd>
        <Shares label="Headers" items={p.headers} more={p.headersLimited} />
      </dd>
      <dt>Trace headers</dt>
      <dd>
        {p.trace.headers.length
          ? `${p.trace.headers.map((h) => h.name).join(", ")} (on ${pct(p.trace.share)} of records)`
          : "none"}
      </dd>
    </dl>
  );
}

/** "What is on this topic": the profile from the last records of each partition. */
export function TopicProfilePanel({ topic }: { topic: string }) {
  const s = useProfile(topic);
  return (
    <section className={styles.chartCard} aria-label="What is on this topic">
      <h2>What is on this topic</h2>
      {s.state === "ready" ? (
        <>
          <Profile p={s.profile} />
          <p className={styles.muted}>
            Sampled {ago(s.profile.sampledAt)} from {s.profile.records.toLocaleString()} records (the last of{" "}
            {s.profile.partitionsSampled} of {s.profile.partitions} partitions
            {s.profile.limited ? ", some cut at 256 KB" : ""}).
          </p>
        </>
      ) : s.state === "waiting" ? (
        <p className={styles.muted}>
          Not sampled yet{s.expectedAt ? `; expected around ${new Date(s.expectedAt).toLocaleTimeString()}` : ""}.
        </p>
      ) : s.state === "error" ? (
        <p className={styles.muted}>Could not load the profile ({s.message}).</p>
      ) : (
        <p className={styles.muted}>loading…</p>
      )}
    </section>
  );
}
