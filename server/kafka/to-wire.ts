import type { WireHeader, WireRecord } from "../contract";
import { recordId } from "../contract";
import { masking } from "../security/masking";
import { compressionOf, type Compression } from "./codecs";
import { defaultLimits, preview, type PreviewLimits } from "./preview";

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
  // The codec is known from the consumed buffers, before masking replaces any.
  return maskedToWire(topic, partition, masking().apply(topic, raw), compressionOf(raw), limits);
}

/** `toWireRecord` for a record already masked (live ingest masks once, when it counts the bytes). */
export function maskedToWire(topic: string, partition: number, m: RawMessage, compression: Compression | null, limits: PreviewLimits = defaultLimits): WireRecord {
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

/** What `toWireRecord` reports as `size`, without building a preview: key, value, header names and values, in bytes. */
export function rawSize(m: RawMessage): number {
  let n = (m.key?.length ?? 0) + (m.value?.length ?? 0);
  const headers = m.headers;
  if (headers) {
    for (const name in headers) {
      const raw = headers[name];
      if (Array.isArray(raw)) for (const v of raw) n += byteLength(name) + byteLength(v);
      else n += byteLength(name) + byteLength(raw);
    }
  }
  return n;
}

const byteLength = (v: Buffer | string | null | undefined): number => (v === null || v === undefined ? 0 : typeof v === "string" ? Buffer.byteLength(v) : v.length);
