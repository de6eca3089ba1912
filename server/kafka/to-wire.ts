import type { Preview, WireHeader, WireRecord } from "../contract";
import { recordId } from "../contract";
import { compressionOf, type Compression } from "./codecs";
import { headerList, timestampOf, type RawMessage } from "./normalise";
import { defaultLimits, preview, type PreviewLimits } from "./preview";
import type { Decoding } from "./decoding";
import { withSchemas } from "./schema-registry";

export type { RawMessage } from "./normalise";

/** Converts one consumed record into what browsers receive; sizes count the raw bytes. */
export function toWireRecord(
  topic: string,
  partition: number,
  raw: RawMessage,
  decoding: Decoding,
  limits: PreviewLimits = defaultLimits,
): WireRecord {
  // Schema Registry hook (schema-registry.ts): null unless SCHEMA_REGISTRY_URL is set and the key or value
  // is framed. Decoded JSON replaces the framed bytes before masking, so field rules apply to the decoded record.
  const sr = decoding.schemas?.decode(raw);
  if (!sr) return convert(topic, partition, raw, decoding, limits);
  return withSchemas(
    convert(topic, partition, { ...raw, key: sr.key, value: sr.value }, decoding, limits),
    raw,
    sr,
    compressionOf(raw),
  );
}

function convert(
  topic: string,
  partition: number,
  raw: RawMessage,
  decoding: Decoding,
  limits: PreviewLimits,
): WireRecord {
  // The codec is known from the consumed buffers, before masking replaces any.
  return maskedToWire(topic, partition, decoding.masking.apply(topic, raw), compressionOf(raw), limits);
}

/** `toWireRecord` for a record already masked (live ingest masks once, when it counts the bytes). */
export function maskedToWire(
  topic: string,
  partition: number,
  m: RawMessage,
  compression: Compression | null,
  limits: PreviewLimits = defaultLimits,
): WireRecord {
  const headers: WireHeader[] = [];
  let headerBytes = 0;
  for (const h of headerList(m.headers)) {
    const value = preview(h.value, limits);
    headerBytes += Buffer.byteLength(h.name) + value.bytes;
    headers.push({ name: h.name, value });
  }
  const key = keyPreview(m, limits);
  const value = valuePreview(m, limits);
  return {
    id: recordId(topic, partition, m.offset),
    topic,
    partition,
    offset: m.offset,
    timestamp: timestampOf(m.timestamp),
    key,
    headers,
    value,
    size: key.bytes + value.bytes + headerBytes,
    ...(compression ? { compression } : {}),
    ...(m.batchContext?.timestampType === 1
      ? { timestampType: "LogAppendTime" as const }
      : m.batchContext?.timestampType === 0
        ? { timestampType: "CreateTime" as const }
        : {}),
  };
}

/**
 * How a (masked) record's key and value become what a browser reads: the one
 * place for it, shared by `toWireRecord` and by live ingest's previews built
 * on demand (`IngestedRecord.key()`/`value()`, which discovery reads).
 */
export function keyPreview(m: RawMessage, limits: PreviewLimits = defaultLimits): Preview {
  return preview(m.key, limits);
}

export function valuePreview(m: RawMessage, limits: PreviewLimits = defaultLimits): Preview {
  return preview(m.value, limits);
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

const byteLength = (v: Buffer | string | null | undefined): number =>
  v === null || v === undefined ? 0 : typeof v === "string" ? Buffer.byteLength(v) : v.length;
