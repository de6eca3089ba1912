import type { TopicOverview } from "@contract";
import styles from "./topics.module.css";

/** The legend for numbers not counted from records (the /topics page and a topic's page). */
export const SOURCES_LEGEND =
  "Counts from offsets include compaction gaps and transaction markers; bytes/s of topics not read are estimated from log sizes.";

const TITLES = {
  offsets: "From offsets: this topic is not read; counted from its end offsets' growth",
  bytes: "Estimated from the growth of the partitions' log sizes: this topic is not read",
  unknown: "Not known: this topic is not read and the broker does not tell its log sizes",
} as const;

/** A small "≈" before a number that was not counted from records, with the reason as its title. */
export function Approx({ why }: { why: keyof typeof TITLES }) {
  return (
    <abbr className={styles.approx} title={TITLES[why]} aria-label={TITLES[why]}>
      ≈
    </abbr>
  );
}

type Sourced = Pick<TopicOverview, "source" | "bytesEstimated" | "bytesPerSec">;

/** The marker for records/s and totals of a row, or nothing when they come from records. */
export const countMark = (t: Sourced | undefined) => (t?.source === "offsets" ? <Approx why="offsets" /> : null);

/** The marker for bytes/s: estimated, unknown (null), or nothing. */
export const bytesMark = (t: Sourced | undefined) => (t?.bytesEstimated ? <Approx why="bytes" /> : null);

/** Bytes/s as shown: "–" with the reason when unknown. */
export function BytesRate({ t, format }: { t: Sourced; format: (n: number) => string }) {
  if (t.bytesPerSec == null)
    return (
      <span title={TITLES.unknown} aria-label={TITLES.unknown}>
        –
      </span>
    );
  return (
    <>
      {bytesMark(t)}
      {format(t.bytesPerSec)}
    </>
  );
}
