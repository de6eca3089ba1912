import type { DeadLetterStatus, ReplayState } from "../contract";
import { recordId, ReplayHeaders } from "../contract";
import type { KafkaRecord } from "../kafka/normalise";
import type { Db } from "../store";
import { decodeDeadLetterHeaders, type DeadLetterInfo, type RawHeader } from "./headers";

/** A record consumed from a dead-letter topic, whole: the domain record (server/kafka/normalise.ts), repeated headers in order. */
export type CapturedRecord = KafkaRecord;

export interface DeadLetterRow {
  id: string;
  topic: string;
  partition: number;
  offset: bigint;
  timestamp: Date;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: string;
  size: number;
  info: string;
  status: string;
  attempts: number;
  previousId: string | null;
  replayId: string | null;
  resolvedReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ReplayRow {
  id: string;
  deadLetterId: string;
  attempt: number;
  state: string;
  targetTopic: string;
  operator: string;
  reason: string;
  edited: boolean;
  value: Uint8Array | null;
  headers: string;
  redriveId: string | null;
  error: string | null;
  resultPartition: number | null;
  resultOffset: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ListFilter {
  /** Dead-letter topic. */
  topic?: string;
  originTopic?: string;
  exceptionClass?: string;
  message?: string;
  status?: DeadLetterStatus;
  /** Substring of the origin topic, exception class or message, or the record id. */
  q?: string;
  limit?: number;
}

const headersToJson = (hs: readonly RawHeader[]) =>
  JSON.stringify(hs.map((h) => ({ name: h.name, value: h.value === null ? null : h.value.toString("base64") })));
export const headersFromJson = (s: string): RawHeader[] =>
  (JSON.parse(s) as Array<{ name: string; value: string | null }>).map((h) => ({
    name: h.name,
    value: h.value === null ? null : Buffer.from(h.value, "base64"),
  }));
export const infoOf = (row: Pick<DeadLetterRow, "info">) => JSON.parse(row.info) as DeadLetterInfo;

/** For text columns: bounded, and without NUL, which PostgreSQL text cannot hold (the insert would fail on every retry). */
const clip = (s: string | undefined, n: number) =>
  s === undefined ? null : (s.length > n ? s.slice(0, n) : s).replace(/\u0000/g, "\uFFFD");

/** Dead letters and their replays in the database; no Kafka here (the audit log is server/audit/). */
export function createDlqRepo(db: Db) {
  /** The `where` of a filter; shared by the list, its groups and bulk redrives. */
  function whereOf(f: ListFilter) {
    return {
      ...(f.topic ? { topic: f.topic } : {}),
      ...(f.originTopic ? { originTopic: f.originTopic } : {}),
      ...(f.exceptionClass ? { exceptionClass: f.exceptionClass } : {}),
      ...(f.message ? { exceptionMessage: f.message } : {}),
      ...(f.status ? { status: f.status } : {}),
      ...(f.q
        ? {
            OR: [
              { id: { contains: f.q } },
              { originTopic: { contains: f.q } },
              { exceptionClass: { contains: f.q } },
              { exceptionMessage: { contains: f.q } },
            ],
          }
        : {}),
    };
  }

  return {
    whereOf,

    /**
     * Stores dead letters; a record seen twice (a consumer restart replays
     * uncommitted offsets) is stored once. A record carrying Sagascope's replay
     * id came back after a retry: it is linked to the dead letter it replayed.
     */
    async capture(records: readonly CapturedRecord[]): Promise<void> {
      for (const r of records) {
        let id = recordId(r.topic, r.partition, r.offset);
        // The same topic-partition-offset with another timestamp is a topic that was
        // deleted and created again (or a fresh local broker): keep both records.
        const existing = await db.deadLetter.findUnique({ where: { id }, select: { timestamp: true } });
        if (existing && existing.timestamp.getTime() !== r.timestamp) id = `${id}@${r.timestamp}`;
        const info = decodeDeadLetterHeaders(r.headers);
        const replayId = r.headers.findLast((h) => h.name === ReplayHeaders.id)?.value?.toString("utf8") ?? null;
        const replay = replayId
          ? await db.replay.findUnique({ where: { id: replayId }, select: { deadLetterId: true } })
          : null;
        const size =
          (r.key?.length ?? 0) +
          (r.value?.length ?? 0) +
          r.headers.reduce((s, h) => s + Buffer.byteLength(h.name) + (h.value?.length ?? 0), 0);
        const data = {
          id,
          topic: r.topic,
          partition: r.partition,
          offset: BigInt(r.offset),
          timestamp: new Date(r.timestamp),
          key: r.key ? new Uint8Array(r.key) : null,
          value: r.value ? new Uint8Array(r.value) : null,
          headers: headersToJson(r.headers),
          size,
          info: JSON.stringify(info),
          originTopic: clip(info.origin.topic, 249),
          exceptionClass: clip(info.error.className, 500),
          exceptionMessage: clip(info.error.message, 2000),
          previousId: replay?.deadLetterId ?? null,
          replayId: replay ? replayId : null,
        };
        await db.deadLetter.upsert({ where: { id }, create: data, update: {} });
      }
    },

    async list(f: ListFilter) {
      const where = whereOf(f);
      const [rows, total, byOrigin, byClass, byMessage, byStatus, byTopic] = await Promise.all([
        db.deadLetter.findMany({
          where,
          orderBy: [{ timestamp: "desc" }, { offset: "desc" }],
          take: Math.min(f.limit ?? 200, 1000),
          omit: { value: true },
        }),
        db.deadLetter.count({ where }),
        db.deadLetter.groupBy({ by: ["originTopic"], where, _count: { _all: true } }),
        db.deadLetter.groupBy({ by: ["exceptionClass"], where, _count: { _all: true } }),
        db.deadLetter.groupBy({ by: ["exceptionMessage"], where, _count: { _all: true } }),
        db.deadLetter.groupBy({ by: ["status"], where, _count: { _all: true } }),
        db.deadLetter.groupBy({ by: ["topic"], where, _count: { _all: true } }),
      ]);
      const groups = <K extends string>(gs: Array<Record<K, string | null> & { _count: { _all: number } }>, k: K) =>
        gs
          .map((g) => ({ value: g[k] ?? "(unknown)", count: g._count._all }))
          .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
      return {
        rows,
        total,
        groups: {
          originTopic: groups(byOrigin, "originTopic"),
          exceptionClass: groups(byClass, "exceptionClass"),
          message: groups(byMessage, "exceptionMessage"),
          status: groups(byStatus, "status"),
          topic: groups(byTopic, "topic"),
        },
      };
    },

    get: (id: string) =>
      db.deadLetter.findUnique({ where: { id }, include: { replays: { orderBy: { attempt: "asc" } } } }),

    /**
     * Compare-and-set: moves the dead letter from the status the caller saw to
     * `retrying` and creates the attempt's replay row, or returns null when
     * someone else got there first. The (deadLetterId, attempt) unique key is
     * the second lock: two transactions cannot both create attempt n.
     */
    async beginReplay(
      seen: { id: string; status: string; attempts: number },
      replay: {
        id: string;
        targetTopic: string;
        operator: string;
        reason: string;
        edited: boolean;
        value: Buffer | null;
        headers: RawHeader[];
        redriveId?: string;
        state?: ReplayState;
      },
    ): Promise<ReplayRow | null> {
      try {
        return await db.$transaction(async (tx) => {
          const moved = await tx.deadLetter.updateMany({
            where: { id: seen.id, status: seen.status, attempts: seen.attempts },
            data: { status: "retrying", attempts: seen.attempts + 1 },
          });
          if (moved.count === 0) return null;
          return tx.replay.create({
            data: {
              id: replay.id,
              deadLetterId: seen.id,
              attempt: seen.attempts + 1,
              state: replay.state ?? "publishing",
              targetTopic: replay.targetTopic,
              operator: replay.operator,
              reason: replay.reason,
              edited: replay.edited,
              value: replay.edited && replay.value ? new Uint8Array(replay.value) : null,
              headers: headersToJson(replay.headers),
              redriveId: replay.redriveId ?? null,
            },
          });
        });
      } catch (err) {
        if ((err as { code?: string }).code === "P2002") return null; // unique (deadLetterId, attempt)
        throw err;
      }
    },

    /** Records the outcome of an attempt on the replay and the dead letter in one transaction. */
    async finishReplay(
      replayId: string,
      outcome: { state: "published"; partition: number; offset: string } | { state: "failed"; error: string },
    ): Promise<void> {
      await db.$transaction(async (tx) => {
        const r = await tx.replay.update({
          where: { id: replayId },
          data:
            outcome.state === "published"
              ? { state: "published", resultPartition: outcome.partition, resultOffset: outcome.offset, error: null }
              : { state: "failed", error: outcome.error },
        });
        await tx.deadLetter.update({ where: { id: r.deadLetterId }, data: { status: outcome.state } });
      });
    },

    /** Marks a dead letter resolved, if it is still in the status the caller saw. */
    async discard(seen: { id: string; status: string }, reason: string): Promise<boolean> {
      const r = await db.deadLetter.updateMany({
        where: { id: seen.id, status: seen.status },
        data: { status: "discarded", resolvedReason: reason },
      });
      return r.count === 1;
    },

    /**
     * After a crash, attempts left `publishing` have an unknown outcome. They
     * become `failed` with a message saying so (the replay id header lets an
     * operator check the target topic) rather than being published blindly again.
     */
    async failInterrupted(): Promise<number> {
      const stuck = await db.replay.findMany({
        where: { state: { in: ["publishing", "pending"] } },
        select: { id: true, state: true },
      });
      for (const r of stuck) {
        await this.finishReplay(r.id, {
          state: "failed",
          error:
            r.state === "pending"
              ? "not sent: the server stopped before this record's turn"
              : "outcome unknown: the server stopped while publishing; look for this replay id on the target topic before forcing another attempt",
        });
      }
      return stuck.length;
    },
  };
}

export type DlqRepo = ReturnType<typeof createDlqRepo>;
