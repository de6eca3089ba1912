import { DeadLetterConventions, deadLetterHeaderPattern } from "../contract";

/**
 * Decodes the headers real producers write on dead-letter records (Spring
 * Kafka, Spring retry topics, Spring Cloud Stream, Kafka Connect, Kafka
 * Streams, share groups) into one shape: where the record came from and why
 * it failed. Pure: bytes in, fields out.
 *
 * Values may be strings or big-endian binary (Spring writes partition as a
 * 4-byte int, offset and timestamp as 8-byte longs); when a header repeats,
 * the last value wins (that is the one Spring's recoverer added last).
 */

export interface RawHeader {
  name: string;
  value: Buffer | null;
}

export const Conventions = DeadLetterConventions;
export type Convention = (typeof Conventions)[number];

export interface DeadLetterOrigin {
  topic?: string;
  partition?: number;
  offset?: string;
  timestamp?: number;
  timestampType?: string;
  consumerGroup?: string;
  connector?: string;
  task?: string;
  stage?: string;
  className?: string;
}

export interface DeadLetterError {
  className?: string;
  causeClassName?: string;
  message?: string;
  stackTrace?: string;
}

export interface DeadLetterInfo {
  /** Which convention's headers were found, most specific first; empty when none. */
  conventions: Convention[];
  origin: DeadLetterOrigin;
  error: DeadLetterError;
  /** Spring's `kafka_dlt-key-exception-*`: the key failed to deserialise. */
  keyError?: DeadLetterError;
  /** Delivery attempts when a convention records them (Spring retry topics, share groups). */
  attempts?: number;
}

type Kind = "text" | "int" | "long";
type Target = (info: DeadLetterInfo, value: string | number) => void;
interface Field {
  convention: Convention;
  kind: Kind;
  set: Target;
}

const str = (v: string | number) => String(v);
const origin =
  (k: keyof DeadLetterOrigin): Target =>
  (i, v) =>
    void ((i.origin as Record<string, unknown>)[k] = k === "partition" || k === "timestamp" ? Number(v) : str(v));
const error =
  (k: keyof DeadLetterError): Target =>
  (i, v) =>
    void (i.error[k] = str(v));
const keyError =
  (k: keyof DeadLetterError): Target =>
  (i, v) =>
    void ((i.keyError ??= {})[k] = str(v));
const attempts: Target = (i, v) => void (i.attempts = Number(v));

function springFamily(prefix: string, convention: Convention): Record<string, Field> {
  const f = (kind: Kind, set: Target): Field => ({ convention, kind, set });
  return {
    [`${prefix}original-topic`]: f("text", origin("topic")),
    [`${prefix}original-partition`]: f("int", origin("partition")),
    [`${prefix}original-offset`]: f("long", (i, v) => void (i.origin.offset = str(v))),
    [`${prefix}original-timestamp`]: f("long", origin("timestamp")),
    [`${prefix}original-timestamp-type`]: f("text", origin("timestampType")),
    [`${prefix}original-consumer-group`]: f("text", origin("consumerGroup")),
    [`${prefix}exception-fqcn`]: f("text", error("className")),
    [`${prefix}exception-cause-fqcn`]: f("text", error("causeClassName")),
    [`${prefix}exception-message`]: f("text", error("message")),
    [`${prefix}exception-stacktrace`]: f("text", error("stackTrace")),
  };
}

const FIELDS: Record<string, Field> = {
  ...springFamily("kafka_dlt-", "spring"),
  "kafka_dlt-key-exception-fqcn": { convention: "spring", kind: "text", set: keyError("className") },
  "kafka_dlt-key-exception-cause-fqcn": { convention: "spring", kind: "text", set: keyError("causeClassName") },
  "kafka_dlt-key-exception-message": { convention: "spring", kind: "text", set: keyError("message") },
  "kafka_dlt-key-exception-stacktrace": { convention: "spring", kind: "text", set: keyError("stackTrace") },
  ...springFamily("kafka_", "spring-retry"),
  "retry_topic-attempts": { convention: "spring-retry", kind: "int", set: attempts },
  "x-original-topic": { convention: "spring-cloud-stream", kind: "text", set: origin("topic") },
  "x-original-partition": { convention: "spring-cloud-stream", kind: "int", set: origin("partition") },
  "x-original-offset": {
    convention: "spring-cloud-stream",
    kind: "long",
    set: (i, v) => void (i.origin.offset = str(v)),
  },
  "x-original-timestamp": { convention: "spring-cloud-stream", kind: "long", set: origin("timestamp") },
  "x-exception-fqcn": { convention: "spring-cloud-stream", kind: "text", set: error("className") },
  "x-exception-message": { convention: "spring-cloud-stream", kind: "text", set: error("message") },
  "x-exception-stacktrace": { convention: "spring-cloud-stream", kind: "text", set: error("stackTrace") },
  "__connect.errors.topic": { convention: "connect", kind: "text", set: origin("topic") },
  "__connect.errors.partition": { convention: "connect", kind: "int", set: origin("partition") },
  "__connect.errors.offset": { convention: "connect", kind: "long", set: (i, v) => void (i.origin.offset = str(v)) },
  "__connect.errors.connector.name": { convention: "connect", kind: "text", set: origin("connector") },
  "__connect.errors.task.id": { convention: "connect", kind: "text", set: origin("task") },
  "__connect.errors.stage": { convention: "connect", kind: "text", set: origin("stage") },
  "__connect.errors.class.name": { convention: "connect", kind: "text", set: origin("className") },
  "__connect.errors.exception.class.name": { convention: "connect", kind: "text", set: error("className") },
  "__connect.errors.exception.message": { convention: "connect", kind: "text", set: error("message") },
  "__connect.errors.exception.stacktrace": { convention: "connect", kind: "text", set: error("stackTrace") },
  "__streams.errors.exception": { convention: "streams", kind: "text", set: error("className") },
  "__streams.errors.message": { convention: "streams", kind: "text", set: error("message") },
  "__streams.errors.stacktrace": { convention: "streams", kind: "text", set: error("stackTrace") },
  "__streams.errors.topic": { convention: "streams", kind: "text", set: origin("topic") },
  "__streams.errors.partition": { convention: "streams", kind: "int", set: origin("partition") },
  "__streams.errors.offset": { convention: "streams", kind: "long", set: (i, v) => void (i.origin.offset = str(v)) },
  "__dlq.errors.topic": { convention: "share-group", kind: "text", set: origin("topic") },
  "__dlq.errors.partition": { convention: "share-group", kind: "int", set: origin("partition") },
  "__dlq.errors.offset": { convention: "share-group", kind: "long", set: (i, v) => void (i.origin.offset = str(v)) },
  "__dlq.errors.group": { convention: "share-group", kind: "text", set: origin("consumerGroup") },
  "__dlq.errors.delivery.count": { convention: "share-group", kind: "int", set: attempts },
  "__dlq.errors.message": { convention: "share-group", kind: "text", set: error("message") },
};

/** By name, with the convention's rank (a Map: a header called `constructor` must not find Object's). */
const BY_NAME = new Map(
  Object.entries(FIELDS).map(([name, f]) => [name, { ...f, rank: Conventions.indexOf(f.convention) }]),
);

/** Header names that belong to a dead-letter convention (stripped on retry by default). */
export function isDeadLetterHeader(name: string): boolean {
  return BY_NAME.has(name) || deadLetterHeaderPattern.test(name);
}

const DECIMAL = /^-?\d+$/;

/**
 * A number header as string digits or big-endian binary (4 bytes for an
 * int, 8 for a long). Digits win: a 4-byte binary int that happens to be
 * all ASCII digits would be ≥ 0x30303030, not a partition.
 */
export function decodeNumber(value: Buffer, kind: "int" | "long"): string | undefined {
  const text = value.toString("latin1");
  if (DECIMAL.test(text)) return BigInt(text).toString();
  if (kind === "int" && value.length === 4) return String(value.readInt32BE(0));
  if (value.length === 8) return value.readBigInt64BE(0).toString();
  if (value.length === 4) return String(value.readInt32BE(0));
  return undefined;
}

/** Reads the dead-letter headers of one record; unknown headers are ignored here (the caller shows them raw). */
export function decodeDeadLetterHeaders(headers: readonly RawHeader[]): DeadLetterInfo {
  // Last value per known name; others are not this function's business.
  const last = new Map<string, Buffer | null>();
  for (const h of headers) if (BY_NAME.has(h.name)) last.set(h.name, h.value);
  const info: DeadLetterInfo = { conventions: [], origin: {}, error: {} };
  const seen = new Set<Convention>();
  // When conventions overlap (a Spring retry-topic record that reached the DLT
  // carries kafka_original-* and kafka_dlt-*), the earlier in `Conventions` wins:
  // apply the later conventions first so the earlier overwrite them.
  const known = [...last]
    .map(([name, value]) => ({ field: BY_NAME.get(name)!, value }))
    .sort((a, b) => b.field.rank - a.field.rank);
  for (const { field, value } of known) {
    if (value === null) continue;
    const decoded = field.kind === "text" ? value.toString("utf8") : decodeNumber(value, field.kind);
    if (decoded === undefined) continue;
    field.set(info, decoded);
    seen.add(field.convention);
  }
  info.conventions = Conventions.filter((c) => seen.has(c));
  return info;
}
