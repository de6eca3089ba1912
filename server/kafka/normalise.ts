/** The parts of a kafkajs message we read; kafkajs header values may repeat (arrays) and be strings. */
export interface RawMessage {
  key: Buffer | null;
  value: Buffer | null;
  offset: string;
  timestamp: string;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
  /** kafkajs' batch context: 0 CreateTime, 1 LogAppendTime. */
  batchContext?: { timestampType?: number };
}

/** One header as Kafka carries it: names may repeat, a value may be null. */
export interface RecordHeader {
  name: string;
  value: Buffer | null;
}

/** What a record says, without where it sits in the log (a dead letter's original, a record being linked to a saga). */
export interface RecordContent {
  topic: string;
  key: Buffer | null;
  value: Buffer | null;
  /** In the order the producer wrote them; repeated names stay, each in its place. */
  headers: readonly RecordHeader[];
}

/** A consumed record, as the domain reads it (saga engine, dead-letter store, record paths). */
export interface KafkaRecord extends RecordContent {
  partition: number;
  offset: string;
  /** Milliseconds since the epoch; 0 when the broker's value is not a number (unknown, not invented). */
  timestamp: number;
}

/** A kafkajs timestamp (a decimal string) in milliseconds; 0 when it is not a number. */
export function timestampOf(ts: string): number {
  const n = Number(ts);
  return Number.isFinite(n) ? n : 0;
}

/**
 * kafkajs' header object as a list: a repeated header (an array) gives one
 * entry per value in order, strings become UTF-8 bytes, an absent value is
 * null. The one place kafkajs headers are turned into ours; who needs one
 * value per name takes the last (`lastHeader` in server/records/path.ts).
 */
export function headerList(headers: RawMessage["headers"]): RecordHeader[] {
  const out: RecordHeader[] = [];
  if (!headers) return out;
  for (const name in headers) {
    const raw = headers[name];
    if (Array.isArray(raw)) for (const v of raw) out.push({ name, value: bytes(v) });
    else out.push({ name, value: bytes(raw) });
  }
  return out;
}

const bytes = (v: Buffer | string | null | undefined): Buffer | null =>
  v === undefined || v === null ? null : typeof v === "string" ? Buffer.from(v, "utf8") : v;

/** A kafkajs message as the domain record: coordinates, key and value as consumed (no copy), headers as a list. */
export function normalise(topic: string, partition: number, m: RawMessage): KafkaRecord {
  return {
    topic,
    partition,
    offset: m.offset,
    timestamp: timestampOf(m.timestamp),
    key: m.key,
    value: m.value,
    headers: headerList(m.headers),
  };
}
