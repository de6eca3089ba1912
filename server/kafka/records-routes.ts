import type { Kafka } from "kafkajs";
import type { WireRecord } from "../contract";
import { readRange, readTopicPage, ReadError, type ReadLimiter } from "./reader";
import { toWireRecord } from "./to-wire";
import type { Decoding } from "./decoding";

export interface RecordsResponse {
  status: number;
  body: unknown;
  raw?: { contentType: string; data: Buffer; filename?: string };
}

const bad = (code: string, message: string): RecordsResponse => ({ status: 400, body: { error: { code, message } } });

/**
 * `/api/records?topic=&partition=&offset=|timestamp=&limit=`: records of one
 * partition from an offset or a time, read on demand (older than the live
 * stream). `/api/records/{topic}/{partition}/{offset}` one record as the
 * browser sees it; `…/value` its whole value, however large.
 */
export async function handleRecords(method: string, pathname: string, query: URLSearchParams, kafka: Kafka, decoding: Decoding, limiter: ReadLimiter): Promise<RecordsResponse | null> {
  const messagesOf = /^\/api\/topics\/([^/]+)\/messages$/.exec(pathname);
  if (pathname !== "/api/records" && !pathname.startsWith("/api/records/") && !messagesOf) return null;
  if (method !== "GET") return { status: 405, body: { error: { code: "METHOD_NOT_ALLOWED" } } };
  try {
    if (messagesOf) {
      // `from` is an offset (digits, applied to every partition unless `partition`
      // is given), or a time (ISO date, or epoch ms written `@1732500000000`).
      const topic = decodeURIComponent(messagesOf[1]!);
      const from = query.get("from") ?? "";
      const limit = Math.min(Number(query.get("limit") ?? 50) || 50, 500);
      let offset: string | undefined;
      let timestamp: number | undefined;
      let starts: Map<number, string> | undefined;
      const cursor = (v: string) => new Map(v.split(",").map((pair) => pair.split(":")).map(([p, o]) => [Number(p), o!] as const));
      const CURSOR = /^\d+:\d+(,\d+:\d+)*$/;
      const before = query.get("before");
      if (before !== null && !CURSOR.test(before)) return bad("INVALID_BEFORE", "before must be partition:offset pairs, e.g. 0:120,1:98");
      if (CURSOR.test(from)) starts = cursor(from);
      else if (/^\d+$/.test(from)) offset = from;
      else if (from) {
        timestamp = from.startsWith("@") && /^@\d+$/.test(from) ? Number(from.slice(1)) : Date.parse(from);
        if (!Number.isFinite(timestamp)) return bad("INVALID_FROM", "from must be an offset (digits), partition:offset pairs (0:120,1:98), an ISO date or @epoch-milliseconds");
      }
      const partition = query.get("partition");
      if (partition !== null && !/^\d+$/.test(partition)) return bad("INVALID_PARTITION", "partition must be a non-negative integer");
      const page = await readTopicPage(kafka, { topic, partition: partition === null ? undefined : Number(partition), offset, timestamp, starts, before: before === null ? undefined : cursor(before), limit }, limiter);
      // On-demand reads may wait (bounded) for schemas; ingest never does (schema-registry.ts).
      await decoding.schemas?.prefetch(page.messages.map((m) => m.message));
      return { status: 200, body: { records: page.messages.map((m) => toWireRecord(topic, m.partition, m.message, decoding)), partitions: page.partitions } };
    }
    if (pathname === "/api/records") {
      const topic = query.get("topic") ?? "";
      const partition = Number(query.get("partition") ?? 0);
      const limit = Math.min(Number(query.get("limit") ?? 50) || 50, 500);
      const offset = query.get("offset") ?? undefined;
      const ts = query.get("timestamp");
      if (!topic) return bad("INVALID_TOPIC", "topic is required");
      if (!Number.isInteger(partition) || partition < 0) return bad("INVALID_PARTITION", "partition must be a non-negative integer");
      if (offset !== undefined && !/^\d+$/.test(offset)) return bad("INVALID_OFFSET", "offset must be a non-negative integer");
      const timestamp = ts === null ? undefined : /^\d+$/.test(ts) ? Number(ts) : Date.parse(ts);
      if (timestamp !== undefined && !Number.isFinite(timestamp)) return bad("INVALID_TIMESTAMP", "timestamp must be epoch milliseconds or an ISO date");
      const r = await readRange(kafka, { topic, partition, offset, timestamp, limit }, limiter);
      await decoding.schemas?.prefetch(r.messages);
      const records: WireRecord[] = r.messages.map((m) => toWireRecord(topic, partition, m, decoding));
      const last = records.at(-1);
      return { status: 200, body: { records, low: r.low, high: r.high, from: r.from, next: last ? (BigInt(last.offset) + 1n).toString() : r.from } };
    }
    const m = /^\/api\/records\/([^/]+)\/(\d+)\/(\d+)(\/value)?$/.exec(pathname);
    if (!m) return { status: 404, body: { error: { code: "NOT_FOUND" } } };
    const topic = decodeURIComponent(m[1]!);
    const r = await readRange(kafka, { topic, partition: Number(m[2]), offset: m[3], limit: 1 }, limiter);
    const msg = r.messages[0];
    if (!msg || msg.offset !== m[3]) return { status: 404, body: { error: { code: "NOT_FOUND", message: `no record at ${topic}/${m[2]}/${m[3]} (retention may have removed it; the partition holds ${r.low}–${r.high})` } } };
    if (m[4]) return { status: 200, body: null, raw: { contentType: "application/octet-stream", data: decoding.masking.applyToValue(topic, msg.value) ?? Buffer.alloc(0), filename: `${topic}-${m[2]}-${m[3]}.bin`.replace(/[^\w.-]+/g, "_") } };
    await decoding.schemas?.prefetch([msg]);
    return { status: 200, body: toWireRecord(topic, Number(m[2]), msg, decoding) };
  } catch (err) {
    if (err instanceof ReadError) return { status: err.code === "OUT_OF_RANGE" ? 416 : err.code === "BUSY" ? 429 : 404, body: { error: { code: err.code, message: err.message } } };
    throw err;
  }
}
