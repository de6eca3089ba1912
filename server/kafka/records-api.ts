import type { Capability } from "../capability";
import type { Kafka } from "kafkajs";
import { recordsRoutes } from "../contract/routes/records";
import { fail, implement, ok, type Failure } from "../http/api";
import type { Decoding } from "./decoding";
import { readRange, readTopicPage, ReadError, type RangeResult, type ReadLimiter } from "./reader";
import { toWireRecord } from "./to-wire";

export interface RecordsApiDeps {
  kafka: Kafka;
  /** The app's masking and Schema Registry decoder. */
  decoding: Decoding;
  /** Bounds the on-demand reads running at once (RECORDS_MAX_READS). */
  limiter: ReadLimiter;
}

/** `0:120,1:98`: an offset per partition. */
const CURSOR = /^\d+:\d+(,\d+:\d+)*$/;
const cursor = (v: string) =>
  new Map(
    v
      .split(",")
      .map((pair) => pair.split(":"))
      .map(([p, o]) => [Number(p), o!] as const),
  );
const DIGITS = /^\d+$/;
const pageLimit = (v: string | undefined) => Math.min(Number(v ?? 50) || 50, 500);

/** The coded answer for a read the reader refused; anything else is a bug and rethrown. */
function refused(err: unknown): Failure<ReadError["code"]> {
  if (err instanceof ReadError) return fail(err.code, { message: err.message });
  throw err;
}

/**
 * Records read on demand, older than the live stream: a partition from an
 * offset or a time, a page of a whole topic, one record, one whole value.
 * Each request costs one admin round trip (watermarks) and one throwaway
 * consumer for at most `limit` records per partition; the reader bounds how
 * many run at once (BUSY beyond its queue). On-demand reads may wait
 * (bounded) for schemas; ingest never does (schema-registry.ts).
 */
export function recordsApi(deps: RecordsApiDeps) {
  const { kafka, decoding, limiter } = deps;

  /** One record, or NOT_FOUND when the path is not a record's or retention removed it. */
  const readOne = async (
    topic: string,
    partition: string,
    offset: string,
  ): Promise<{ msg: RangeResult["messages"][number] } | Failure<"NOT_FOUND" | ReadError["code"]>> => {
    if (!DIGITS.test(partition) || !DIGITS.test(offset)) return fail("NOT_FOUND");
    try {
      const r = await readRange(kafka, { topic, partition: Number(partition), offset, limit: 1 }, limiter);
      const msg = r.messages[0];
      if (!msg || msg.offset !== offset)
        return fail("NOT_FOUND", {
          message: `no record at ${topic}/${partition}/${offset} (retention may have removed it; the partition holds ${r.low}–${r.high})`,
        });
      return { msg };
    } catch (err) {
      return refused(err);
    }
  };

  return [
    implement(recordsRoutes.range, async ({ query }) => {
      const topic = query.topic ?? "";
      const partition = Number(query.partition ?? 0);
      const limit = pageLimit(query.limit);
      const offset = query.offset;
      const ts = query.timestamp;
      if (!topic) return fail("INVALID_TOPIC", { message: "topic is required" });
      if (!Number.isInteger(partition) || partition < 0)
        return fail("INVALID_PARTITION", { message: "partition must be a non-negative integer" });
      if (offset !== undefined && !DIGITS.test(offset))
        return fail("INVALID_OFFSET", { message: "offset must be a non-negative integer" });
      const timestamp = ts === undefined ? undefined : DIGITS.test(ts) ? Number(ts) : Date.parse(ts);
      if (timestamp !== undefined && !Number.isFinite(timestamp))
        return fail("INVALID_TIMESTAMP", { message: "timestamp must be epoch milliseconds or an ISO date" });
      try {
        const r = await readRange(kafka, { topic, partition, offset, timestamp, limit }, limiter);
        await decoding.schemas?.prefetch(r.messages);
        const records = r.messages.map((m) => toWireRecord(topic, partition, m, decoding));
        const last = records.at(-1);
        return ok({
          records,
          low: r.low,
          high: r.high,
          from: r.from,
          next: last ? (BigInt(last.offset) + 1n).toString() : r.from,
        });
      } catch (err) {
        return refused(err);
      }
    }),
    implement(recordsRoutes.topicPage, async ({ params, query }) => {
      // `from` is an offset (digits, applied to every partition unless `partition`
      // is given), per-partition offsets, or a time (ISO date, or epoch ms written `@1732500000000`).
      const topic = params.name;
      const from = query.from ?? "";
      const limit = pageLimit(query.limit);
      let offset: string | undefined;
      let timestamp: number | undefined;
      let starts: Map<number, string> | undefined;
      const before = query.before;
      if (before !== undefined && !CURSOR.test(before))
        return fail("INVALID_BEFORE", { message: "before must be partition:offset pairs, e.g. 0:120,1:98" });
      if (CURSOR.test(from)) starts = cursor(from);
      else if (DIGITS.test(from)) offset = from;
      else if (from) {
        timestamp = from.startsWith("@") && /^@\d+$/.test(from) ? Number(from.slice(1)) : Date.parse(from);
        if (!Number.isFinite(timestamp))
          return fail("INVALID_FROM", {
            message:
              "from must be an offset (digits), partition:offset pairs (0:120,1:98), an ISO date or @epoch-milliseconds",
          });
      }
      const partition = query.partition;
      if (partition !== undefined && !DIGITS.test(partition))
        return fail("INVALID_PARTITION", { message: "partition must be a non-negative integer" });
      try {
        const page = await readTopicPage(
          kafka,
          {
            topic,
            partition: partition === undefined ? undefined : Number(partition),
            offset,
            timestamp,
            starts,
            before: before === undefined ? undefined : cursor(before),
            limit,
          },
          limiter,
        );
        await decoding.schemas?.prefetch(page.messages.map((m) => m.message));
        return ok({
          records: page.messages.map((m) => toWireRecord(topic, m.partition, m.message, decoding)),
          partitions: page.partitions,
        });
      } catch (err) {
        return refused(err);
      }
    }),
    implement(recordsRoutes.one, async ({ params }) => {
      const one = await readOne(params.topic, params.partition, params.offset);
      if ("error" in one) return one;
      await decoding.schemas?.prefetch([one.msg]);
      return ok(toWireRecord(params.topic, Number(params.partition), one.msg, decoding));
    }),
    implement(recordsRoutes.value, async ({ params }) => {
      const { topic, partition, offset } = params;
      const one = await readOne(topic, partition, offset);
      if ("error" in one) return one;
      const data = decoding.masking.applyToValue(topic, one.msg.value) ?? Buffer.alloc(0);
      return {
        raw: {
          contentType: "application/octet-stream",
          data,
          filename: `${topic}-${partition}-${offset}.bin`.replace(/[^\w.-]+/g, "_"),
        },
      };
    }),
  ];
}

/** Records read on demand (older than the live stream): nothing is read until someone asks. */
export const recordsCapability = (deps: RecordsApiDeps): Capability => ({ name: "records", routes: recordsApi(deps) });
