import type { Db } from "../store";
import type { ListFilter } from "./repo";

export interface RedriveRow {
  id: string;
  dltTopic: string;
  filter: string;
  ratePerSec: number;
  targetTopic: string | null;
  state: string;
  total: number;
  operator: string;
  reason: string;
  createdAt: Date;
  finishedAt: Date | null;
}

/** Redrives, their per-topic lock, and their replays' outcomes in the database. */
export function createRedriveRepo(db: Db) {
  return {
    /**
     * Creates the redrive and takes its topic's lock in one transaction;
     * null when another redrive of that topic holds the lock.
     */
    async create(
      r: Omit<RedriveRow, "createdAt" | "finishedAt" | "state" | "total" | "filter"> & { filter: ListFilter },
    ): Promise<RedriveRow | null> {
      try {
        return await db.$transaction(async (tx) => {
          await tx.redriveLock.create({ data: { dltTopic: r.dltTopic, redriveId: r.id } });
          return tx.redrive.create({ data: { ...r, filter: JSON.stringify(r.filter), state: "running", total: 0 } });
        });
      } catch (err) {
        if ((err as { code?: string }).code === "P2002") return null;
        throw err;
      }
    },
    setTotal: (id: string, total: number) => db.redrive.update({ where: { id }, data: { total } }),
    /** Ends a redrive and releases its topic's lock. */
    async finish(id: string, state: "completed" | "cancelled" | "interrupted"): Promise<void> {
      await db.$transaction(async (tx) => {
        const r = await tx.redrive.update({ where: { id }, data: { state, finishedAt: new Date() } });
        await tx.redriveLock.deleteMany({ where: { dltTopic: r.dltTopic, redriveId: id } });
      });
    },
    /** Redrives a stopped server left running: interrupted, locks released. */
    async interruptRunning(): Promise<number> {
      const running = await db.redrive.findMany({ where: { state: "running" }, select: { id: true } });
      for (const r of running) await this.finish(r.id, "interrupted");
      return running.length;
    },
    get: (id: string) => db.redrive.findUnique({ where: { id } }),
    recent: (limit = 20) => db.redrive.findMany({ orderBy: { createdAt: "desc" }, take: limit }),
    /** Per-state counts of the redrive's replays. */
    async counts(id: string): Promise<Record<string, number>> {
      const g = await db.replay.groupBy({ by: ["state"], where: { redriveId: id }, _count: { _all: true } });
      return Object.fromEntries(g.map((x) => [x.state, x._count._all]));
    },
    results: (id: string, limit = 10_000) =>
      db.replay.findMany({
        where: { redriveId: id },
        orderBy: { createdAt: "asc" },
        take: limit,
        select: {
          id: true,
          deadLetterId: true,
          state: true,
          targetTopic: true,
          error: true,
          resultPartition: true,
          resultOffset: true,
        },
      }),
    markPublishing: (replayId: string) =>
      db.replay.updateMany({ where: { id: replayId, state: "pending" }, data: { state: "publishing" } }),
    /** The ids of the dead letters a redrive would take now: the filter, open statuses only. */
    async candidates(where: object): Promise<Array<{ id: string; status: string; attempts: number }>> {
      return db.deadLetter.findMany({
        where: { ...where, status: { in: ["new", "failed"] } },
        orderBy: [{ timestamp: "asc" }, { offset: "asc" }],
        select: { id: true, status: true, attempts: true },
      });
    },
  };
}

export type RedriveRepo = ReturnType<typeof createRedriveRepo>;
