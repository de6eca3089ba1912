import { randomUUID } from "node:crypto";
import type { Masker } from "../security/masking";
import type { DeadLetterStatus, DiscardBody, Republished, RetryBody } from "../contract";
import type { Audit } from "../audit/repo";
import type { Logger } from "../log";
import { headersFromJson, infoOf, type DlqRepo } from "./repo";
import { fail, ok, type Failure, type Result } from "./errors";
import { decideDiscard, decideRetry, replayHeaders, replayValue, type Refusal } from "./policy";
import type { Publisher } from "./publisher";
import { redactSecrets } from "../security/secret";

export type { Republished };
/** What a retry can be refused or fail with. */
export type RetryErrorCode =
  | "SHUTTING_DOWN"
  | "NOT_FOUND"
  | "MASKED"
  | Refusal
  | "NO_TARGET_TOPIC"
  | "INVALID_JSON_VALUE"
  | "CONFLICT"
  | "PUBLISH_FAILED";
/** What a discard can be refused with. */
export type DiscardErrorCode = "SHUTTING_DOWN" | "NOT_FOUND" | Refusal | "CONFLICT";

/**
 * Operator actions on dead letters. Each one is audited before it runs
 * (`requested`) and after (`ok`, `failed` or `refused`); the at-most-once
 * guarantee lives in the database (repo.beginReplay), so two servers, two
 * operators or one double click still publish one record.
 */
export function createDlqService(deps: {
  repo: DlqRepo;
  audit: Audit;
  publisher: Publisher;
  log: Logger;
  masking: Masker;
  newId?: () => string;
}) {
  const { repo, audit, publisher, log } = deps;
  const newId = deps.newId ?? randomUUID;
  const inFlight = new Set<Promise<unknown>>();
  let closing = false;

  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  };

  async function retry(id: string, body: RetryBody, actor: string): Promise<Result<Republished, RetryErrorCode>> {
    if (closing) return fail("SHUTTING_DOWN", { message: "the server is shutting down; try again when it is back" });
    const dl = await repo.get(id);
    if (!dl) return fail("NOT_FOUND");
    const edited = body.value !== undefined || body.headers !== undefined;
    const action = edited ? "edit-and-retry" : "retry";
    const info = infoOf(dl);
    const target = body.targetTopic ?? info.origin.topic;
    const refuse = async <C extends RetryErrorCode>(r: Failure<C>) => {
      await audit({
        actor,
        action,
        deadLetterId: id,
        target: target ?? null,
        reason: body.reason,
        result: "refused",
        detail: { why: r.code },
      });
      return r;
    };
    // A masked record is shown masked: an edit made from it would republish the mask.
    if (edited && [dl.topic, info.origin.topic].some((t) => t && deps.masking.covers(t)))
      return refuse(
        fail("MASKED", { message: "this record is masked (MASKING_RULES); retry it unchanged instead of editing" }),
      );
    const decision = decideRetry(dl.status as DeadLetterStatus, body.force ?? false);
    if (!decision.ok) return refuse(fail(decision.code));
    if (!target)
      return refuse(fail("NO_TARGET_TOPIC", { message: "the record names no original topic; choose a target topic" }));
    const value = replayValue(
      dl.value ? Buffer.from(dl.value) : null,
      body.value !== undefined ? { value: body.value, format: body.valueFormat } : undefined,
    );
    if (!value.ok) return refuse(fail(value.code, { message: value.message }));

    const replayId = newId();
    const attempt = dl.attempts + 1;
    const headers = replayHeaders(
      headersFromJson(dl.headers),
      {
        replayId,
        source: { topic: dl.topic, partition: dl.partition, offset: dl.offset.toString() },
        attempt,
        operator: actor,
      },
      body.headers,
    );
    const detail = {
      replayId,
      attempt,
      force: body.force ?? false,
      ...(edited ? { value: body.value ?? null, headers: body.headers ?? null } : {}),
    };
    await audit({ actor, action, deadLetterId: id, target, reason: body.reason, result: "requested", detail });
    const replay = await repo.beginReplay(dl, {
      id: replayId,
      targetTopic: target,
      operator: actor,
      reason: body.reason,
      edited,
      value: value.value,
      headers,
    });
    if (!replay) {
      // Someone else moved the record first: answer with what it is now.
      const now = await repo.get(id);
      const again = decideRetry((now?.status ?? "retrying") as DeadLetterStatus, body.force ?? false);
      const r = fail(again.ok ? "CONFLICT" : again.code);
      await audit({
        actor,
        action,
        deadLetterId: id,
        target,
        reason: body.reason,
        result: "refused",
        detail: { ...detail, why: r.code },
      });
      return r;
    }
    return track(
      publish(
        replay.id,
        { topic: target, key: dl.key ? Buffer.from(dl.key) : null, value: value.value, headers },
        { actor, action, id, target, reason: body.reason, detail },
      ),
    );
  }

  async function publish(
    replayId: string,
    record: Parameters<Publisher["publish"]>[0],
    step: {
      actor: string;
      action: string;
      id: string;
      target: string;
      reason: string;
      detail: Record<string, unknown>;
    },
  ): Promise<Result<Republished, "PUBLISH_FAILED">> {
    try {
      const at = await publisher.publish(record);
      await repo.finishReplay(replayId, { state: "published", partition: at.partition, offset: at.offset });
      await audit({
        actor: step.actor,
        action: step.action,
        deadLetterId: step.id,
        target: `${step.target}/${at.partition}/${at.offset}`,
        reason: step.reason,
        result: "ok",
        detail: step.detail,
      });
      log.info("dead letter republished", {
        deadLetter: step.id,
        replayId,
        target: step.target,
        partition: at.partition,
        offset: at.offset,
        actor: step.actor,
      });
      return ok({ replayId, state: "published", partition: at.partition, offset: at.offset });
    } catch (err) {
      const message = redactSecrets((err as Error).message ?? String(err));
      await repo.finishReplay(replayId, { state: "failed", error: message });
      await audit({
        actor: step.actor,
        action: step.action,
        deadLetterId: step.id,
        target: step.target,
        reason: step.reason,
        result: "failed",
        detail: { ...step.detail, error: message },
      });
      log.warn("dead letter republish failed", { deadLetter: step.id, replayId, target: step.target, err });
      return fail("PUBLISH_FAILED", { message, outcome: { replayId, state: "failed" } });
    }
  }

  async function discard(
    id: string,
    body: DiscardBody,
    actor: string,
  ): Promise<Result<{ status: "discarded" }, DiscardErrorCode>> {
    if (closing) return fail("SHUTTING_DOWN");
    const dl = await repo.get(id);
    if (!dl) return fail("NOT_FOUND");
    const decision = decideDiscard(dl.status as DeadLetterStatus);
    const base = { actor, action: "discard", deadLetterId: id, reason: body.reason };
    if (!decision.ok) {
      await audit({ ...base, result: "refused", detail: { why: decision.code } });
      return fail(decision.code);
    }
    await audit({ ...base, result: "requested" });
    if (!(await repo.discard(dl, body.reason))) {
      await audit({ ...base, result: "refused", detail: { why: "CONFLICT" } });
      return fail("CONFLICT");
    }
    await audit({ ...base, result: "ok" });
    return ok({ status: "discarded" as const });
  }

  return {
    retry,
    discard,
    /** Stops taking actions and waits for the ones publishing now to record their outcome. */
    async close(): Promise<void> {
      closing = true;
      await Promise.allSettled([...inFlight]);
      await publisher.close();
    },
  };
}

export type DlqService = ReturnType<typeof createDlqService>;
