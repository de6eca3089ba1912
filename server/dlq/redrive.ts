import { randomUUID } from "node:crypto";
import type { DeadLetterStatus } from "../contract";
import type { Audit } from "../audit/repo";
import type { Logger } from "../log";
import { headersFromJson, infoOf, type DlqRepo, type ListFilter } from "./repo";
import { fail, ok, type Result } from "./errors";
import { waitBefore } from "./pacer";
import { replayHeaders } from "./policy";
import type { Publisher } from "./publisher";
import type { RedriveRepo } from "./redrive-repo";
import { redactSecrets } from "../security/secret";

export interface RedriveRequest {
  dltTopic: string;
  filter: Omit<ListFilter, "topic" | "limit">;
  ratePerSec: number;
  targetTopic?: string;
  reason: string;
}

/** A redrive that took its records: they are being published now. */
export interface RedriveStarted {
  id: string;
  total: number;
  state: "running";
}

interface Running {
  cancelled: boolean;
  wake: (() => void) | null;
  done: Promise<void>;
}

/**
 * Bulk redrive: reserves every matching open dead letter as a `pending`
 * attempt (the same compare-and-set as a single retry, so nothing is sent
 * twice), then publishes them one by one at the rate limit. Cancelling stops
 * before the next send; what was sent stays sent, and the attempts not sent
 * end `failed` with "cancelled before sending" so they can be retried.
 */
export function createRedriver(deps: {
  repo: DlqRepo;
  audit: Audit;
  redrives: RedriveRepo;
  publisher: Publisher;
  log: Logger;
  now?: () => number;
}) {
  const { repo, audit, redrives, publisher, log } = deps;
  const now = deps.now ?? Date.now;
  const running = new Map<string, Running>();

  async function start(req: RedriveRequest, actor: string): Promise<Result<RedriveStarted, "REDRIVE_RUNNING">> {
    const id = randomUUID();
    const filter = { ...req.filter, topic: req.dltTopic };
    const base = { actor, action: "redrive", target: req.targetTopic ?? null, reason: req.reason };
    await audit({
      ...base,
      result: "requested",
      detail: { redriveId: id, dltTopic: req.dltTopic, filter: req.filter, ratePerSec: req.ratePerSec },
    });
    const row = await redrives.create({
      id,
      dltTopic: req.dltTopic,
      filter,
      ratePerSec: req.ratePerSec,
      targetTopic: req.targetTopic ?? null,
      operator: actor,
      reason: req.reason,
    });
    if (!row) {
      await audit({
        ...base,
        result: "refused",
        detail: { redriveId: id, why: "REDRIVE_RUNNING", dltTopic: req.dltTopic },
      });
      return fail("REDRIVE_RUNNING", { message: `a redrive of ${req.dltTopic} is running; cancel it or wait` });
    }
    // Only open records; a status filter narrows within them.
    const { status, ...rest } = filter;
    const where = repo.whereOf(rest);
    const candidates = (await redrives.candidates(where)).filter((c) => !status || c.status === status);
    const reserved: Array<{ replayId: string; deadLetterId: string }> = [];
    for (const c of candidates) {
      const dl = await repo.get(c.id);
      if (!dl) continue;
      const target = req.targetTopic ?? infoOf(dl).origin.topic;
      const replayId = randomUUID();
      const headers = replayHeaders(headersFromJson(dl.headers), {
        replayId,
        source: { topic: dl.topic, partition: dl.partition, offset: dl.offset.toString() },
        attempt: dl.attempts + 1,
        operator: actor,
      });
      const r = await repo.beginReplay(
        { id: dl.id, status: dl.status as DeadLetterStatus, attempts: dl.attempts },
        {
          id: replayId,
          targetTopic: target ?? "",
          operator: actor,
          reason: req.reason,
          edited: false,
          value: null,
          headers,
          redriveId: id,
          state: "pending",
        },
      );
      if (r) reserved.push({ replayId, deadLetterId: dl.id });
    }
    await redrives.setTotal(id, reserved.length);
    const run: Running = { cancelled: false, wake: null, done: Promise.resolve() };
    run.done = work(id, req.ratePerSec, reserved, run, base).catch((err: unknown) =>
      log.error("redrive failed", { redriveId: id, err }),
    );
    running.set(id, run);
    log.info("redrive started", {
      redriveId: id,
      dltTopic: req.dltTopic,
      records: reserved.length,
      ratePerSec: req.ratePerSec,
      actor,
    });
    return ok({ id, total: reserved.length, state: "running" });
  }

  async function work(
    id: string,
    rate: number,
    items: Array<{ replayId: string; deadLetterId: string }>,
    run: Running,
    base: { actor: string; action: string; target: string | null; reason: string },
  ) {
    const t0 = now();
    let i = 0;
    for (; i < items.length && !run.cancelled; i++) {
      const wait = waitBefore(t0, i, rate, now());
      if (wait > 0)
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, wait);
          run.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      run.wake = null;
      if (run.cancelled) break;
      await sendOne(items[i]!);
    }
    for (const rest of items.slice(i))
      await repo.finishReplay(rest.replayId, { state: "failed", error: "cancelled before sending: not published" });
    const state = run.cancelled ? "cancelled" : "completed";
    await redrives.finish(id, state);
    running.delete(id);
    const counts = await redrives.counts(id);
    await audit({ ...base, result: "ok", detail: { redriveId: id, state, counts } });
    log.info("redrive finished", { redriveId: id, state, counts });
  }

  async function sendOne(item: { replayId: string; deadLetterId: string }) {
    const dl = await repo.get(item.deadLetterId);
    const replay = dl?.replays.find((r) => r.id === item.replayId);
    if (!dl || !replay) return;
    await redrives.markPublishing(item.replayId);
    if (!replay.targetTopic)
      return repo.finishReplay(item.replayId, {
        state: "failed",
        error: "NO_TARGET_TOPIC: the record names no original topic; redrive it with a target topic",
      });
    try {
      const at = await publisher.publish({
        topic: replay.targetTopic,
        key: dl.key ? Buffer.from(dl.key) : null,
        value: dl.value ? Buffer.from(dl.value) : null,
        headers: headersFromJson(replay.headers),
      });
      await repo.finishReplay(item.replayId, { state: "published", partition: at.partition, offset: at.offset });
    } catch (err) {
      await repo.finishReplay(item.replayId, {
        state: "failed",
        error: redactSecrets((err as Error).message ?? String(err)),
      });
    }
  }

  return {
    start,
    async cancel(
      id: string,
      actor: string,
    ): Promise<Result<{ id: string; state: "cancelled" }, "NOT_FOUND" | "REDRIVE_NOT_RUNNING">> {
      const r = await redrives.get(id);
      if (!r) return fail("NOT_FOUND");
      const run = running.get(id);
      if (!run || r.state !== "running") return fail("REDRIVE_NOT_RUNNING", { details: { state: r.state } });
      await audit({
        actor,
        action: "redrive-cancel",
        target: r.dltTopic,
        reason: null,
        result: "requested",
        detail: { redriveId: id },
      });
      run.cancelled = true;
      run.wake?.();
      await run.done;
      await audit({
        actor,
        action: "redrive-cancel",
        target: r.dltTopic,
        reason: null,
        result: "ok",
        detail: { redriveId: id, counts: await redrives.counts(id) },
      });
      return ok({ id, state: "cancelled" as const });
    },
    async recent() {
      const rows = await redrives.recent();
      return Promise.all(
        rows.map(async (r) => ({
          ...r,
          filter: JSON.parse(r.filter) as unknown,
          counts: await redrives.counts(r.id),
          results: [],
        })),
      );
    },
    async view(id: string) {
      const r = await redrives.get(id);
      if (!r) return null;
      return {
        ...r,
        filter: JSON.parse(r.filter) as unknown,
        counts: await redrives.counts(id),
        results: await redrives.results(id),
      };
    },
    /** Cancels running redrives at shutdown; they read `cancelled` with every unsent record failed. */
    async close(): Promise<void> {
      for (const run of running.values()) {
        run.cancelled = true;
        run.wake?.();
      }
      await Promise.allSettled([...running.values()].map((r) => r.done));
    },
  };
}

export type Redriver = ReturnType<typeof createRedriver>;
