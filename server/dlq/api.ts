import { DeadLetterStatuses, type DeadLetterStatus } from "../contract";
import { dlqRoutes } from "../contract/routes/dlq";
import { fail, implement, ok, type Failure, type Success } from "../http/api";
import type { Result } from "./errors";
import type { Redriver } from "./redrive";
import type { DlqRepo } from "./repo";
import type { DlqService } from "./service";
import type { Masker } from "../security/masking";
import { detailView, maskedValue, redriveView, summaryView, type SagaLinker } from "./views";

export interface DlqApiDeps {
  repo: Pick<DlqRepo, "list" | "get">;
  service: Pick<DlqService, "retry" | "discard">;
  redriver: Pick<Redriver, "start" | "cancel" | "recent" | "view">;
  linkSagas?: SagaLinker;
  /** The app's masking rules: a dead letter is masked by its own topic's and its origin's. */
  masking: Masker;
}

/**
 * A core's result on the wire: the value, or `{ ...outcome, error: { code, message?, ...details } }`
 * (the attempt a PUBLISH_FAILED recorded sits beside its error). The status is the declaration's.
 */
function answer<T, C extends string>(r: Result<T, C>): Success<T> | Failure<C> {
  if (r.ok) return ok(r.value);
  const error = { code: r.code, ...(r.message !== undefined ? { message: r.message } : {}), ...r.details };
  return { ...r.outcome, error };
}

/** The list's `group` picked from its counts: `originTopic:<v>`, `exceptionClass:<v>` or `message:<v>`. */
function groupOf(group: string | undefined): { key: string; value: string } {
  const [key = "", ...rest] = group?.split(":") ?? [];
  return { key, value: rest.join(":") };
}

/** `/api/dlq/*`: the dead-letter list and detail, the value download, retry, discard and bulk redrives. */
export function dlqApi(deps: DlqApiDeps) {
  return [
    implement(dlqRoutes.list, async ({ query }) => {
      const status = query.status || undefined;
      if (status && !(DeadLetterStatuses as readonly string[]).includes(status))
        return fail("INVALID_STATUS", { allowed: DeadLetterStatuses });
      const g = groupOf(query.group);
      const list = await deps.repo.list({
        topic: query.topic || undefined,
        status: status as DeadLetterStatus | undefined,
        q: query.q || undefined,
        originTopic: query.originTopic || (g.key === "originTopic" ? g.value : undefined),
        exceptionClass: query.exceptionClass || (g.key === "exceptionClass" ? g.value : undefined),
        message: query.message || (g.key === "message" ? g.value : undefined),
        limit: Number(query.limit ?? 200) || 200,
      });
      return ok({
        messages: list.rows.map((r) => summaryView(r, deps.masking)),
        total: list.total,
        groups: list.groups,
      });
    }),
    implement(dlqRoutes.detail, async ({ params }) => {
      const row = await deps.repo.get(params.id);
      return row ? ok(detailView(row, deps.masking, deps.linkSagas)) : fail("NOT_FOUND");
    }),
    implement(dlqRoutes.value, async ({ params }) => {
      const row = await deps.repo.get(params.id);
      if (!row) return fail("NOT_FOUND");
      return {
        raw: {
          contentType: "application/octet-stream",
          data: maskedValue(row, deps.masking),
          filename: `${params.id.replace(/[^\w.-]+/g, "_")}.bin`,
        },
      };
    }),
    implement(dlqRoutes.retry, async ({ params, body, actor }) =>
      answer(await deps.service.retry(params.id, body, actor)),
    ),
    implement(dlqRoutes.discard, async ({ params, body, actor }) =>
      answer(await deps.service.discard(params.id, body, actor)),
    ),
    implement(dlqRoutes.redrives, async () =>
      ok({ redrives: (await deps.redriver.recent()).map((r) => redriveView(r, false)) }),
    ),
    implement(dlqRoutes.startRedrive, async ({ body, actor }) => answer(await deps.redriver.start(body, actor))),
    implement(dlqRoutes.redrive, async ({ params, query }) => {
      const r = await deps.redriver.view(params.id);
      return r ? ok(redriveView(r, query.results !== "0")) : fail("NOT_FOUND");
    }),
    implement(dlqRoutes.cancelRedrive, async ({ params, actor }) =>
      answer(await deps.redriver.cancel(params.id, actor)),
    ),
  ];
}
