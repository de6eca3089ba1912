import type { WireHeader, WireRecord } from "../contract";
import { recordId } from "../contract";
import { masking } from "../security/masking";
import { compressionOf } from "./codecs";
import { defaultLimits, preview, type PreviewLimits } from "./preview";
import { schemaDecoder, withSchemas } from "./schema-registry";

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

/** Converts one consumed record into what browsers receive; sizes count the raw bytes. */
export function toWireRecord(topic: string, partition: number, raw: RawMessage, limits: PreviewLimits = defaultLimits): WireRecord {
  // Schema Registry hook (schema-registry.ts): null unless SCHEMA_REGISTRY_URL is set and the key or value
  // is framed. Decoded JSON replaces the framed bytes before masking, so field rules apply to the decoded record.
  const sr = schemaDecoder()?.decode(raw);
  if (!sr) return convert(topic, partition, raw, limits);
  return withSchemas(convert(topic, partition, { ...raw, key: sr.key, value: sr.value }, limits), raw, sr, compressionOf(raw));
}

function convert(topic: string, partition: number, raw: RawMessage, limits: PreviewLimits = defaultLimits): WireRecord {
  // The codec is known from the consumed buffers, before masking replaces any.
  const compression = compressionOf(raw);
  const m = masking().apply(topic, raw);
  const headers: WireHeader[] = [];
  let headerBytes = 0;
  for (const [name, raw] of Object.entries(m.headers ?? {})) {
    for (const v of Array.isArray(raw) ? raw : [raw]) {
      const value = preview(v ?? null, limits);
      headerBytes += Buffer.byteLength(name) + value.bytes;
      headers.push({ name, value });
    }
  }
  const key = preview(m.key, limits);
  const value = preview(m.value, limits);
  const ts = Number(m.timestamp);
  return {
    id: recordId(topic, partition, m.offset),
    topic,
    partition,
    offset: m.offset,
    timestamp: Number.isFinite(ts) ? ts : 0,
    key,
    headers,
    value,
    size: key.bytes + value.bytes + headerBytes,
    ...(compression ? { compression } : {}),
    ...(m.batchContext?.timestampType === 1 ? { timestampType: "LogAppendTime" as const } : m.batchContext?.timestampType === 0 ? { timestampType: "CreateTime" as const } : {}),
  };
}
