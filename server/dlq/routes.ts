import type { z } from "zod";
import { discardBodySchema, redriveBodySchema, retryBodySchema, type RedriveView, DeadLetterStatuses, type AuditView, type DeadLetterDetail, type DeadLetterList, type DeadLetterStatus, type DeadLetterSummary, type ReplayState, type ReplayView } from "../contract";
import type { RequestFacts } from "../auth/origin";
import { preview } from "../kafka/preview";
import { masking } from "../security/masking";
import type { DlqActionErrorCode, Result } from "./errors";
import { headersFromJson, infoOf, type DeadLetterRow, type DlqRepo, type ReplayRow } from "./repo";
import type { DlqService } from "./service";
import type { Redriver } from "./redrive";

export interface DlqRequest extends RequestFacts {
  pathname: string;
  query: URLSearchParams;
  /** Parsed JSON body (POST), or undefined. */
  body: unknown;
  /** Who is acting, as the audit names them; the HTTP edge has already checked their role and CSRF. */
  actor: string;
}

export interface DlqResponse {
  status: number;
  body: unknown;
  /** Raw bytes instead of JSON (the value download). */
  raw?: { contentType: string; data: Buffer; filename?: string };
}

const error = (status: number, code: string, extra: Record<string, unknown> = {}): DlqResponse => ({ status, body: { error: { code, ...extra } } });

/** The one place a core's error code becomes an HTTP status. */
const statusOf = {
  NOT_FOUND: 404,
  RETRY_IN_PROGRESS: 409,
  ALREADY_PUBLISHED: 409,
  DISCARDED: 409,
  CONFLICT: 409,
  MASKED: 409,
  NO_TARGET_TOPIC: 400,
  INVALID_JSON_VALUE: 400,
  SHUTTING_DOWN: 503,
  PUBLISH_FAILED: 502,
  REDRIVE_RUNNING: 409,
  REDRIVE_NOT_RUNNING: 409,
} as const satisfies Record<DlqActionErrorCode, number>;

/** A core's result on the wire: the value with `okStatus`, or `{ ...outcome, error: { code, message?, ...details } }`. */
function respond<T>(r: Result<T>, okStatus = 200): DlqResponse {
  if (r.ok) return { status: okStatus, body: r.value };
  return { status: statusOf[r.code], body: { ...r.outcome, error: { code: r.code, ...(r.message !== undefined ? { message: r.message } : {}), ...r.details } } };
}

/** A dead letter is masked by the rules of its own topic and of the topic it came from. */
const maskTopics = (topic: string, info: ReturnType<typeof infoOf>): string[] => (info.origin.topic ? [topic, info.origin.topic] : [topic]);

function summary(row: Omit<DeadLetterRow, "value">): DeadLetterSummary {
  const info = infoOf(row);
  return {
    id: row.id,
    topic: row.topic,
    partition: row.partition,
    offset: row.offset.toString(),
    timestamp: row.timestamp.getTime(),
    status: row.status as DeadLetterStatus,
    attempts: row.attempts,
    conventions: info.conventions,
    origin: info.origin,
    error: { className: info.error.className, causeClassName: info.error.causeClassName, message: info.error.message },
    key: preview(masking().apply(maskTopics(row.topic, info), { key: row.key ? Buffer.from(row.key) : null, value: null }).key),
    size: row.size,
    previousId: row.previousId,
    createdAt: row.createdAt.toISOString(),
  };
}

const replayView = (r: ReplayRow): ReplayView => ({
  id: r.id,
  attempt: r.attempt,
  state: r.state as ReplayState,
  targetTopic: r.targetTopic,
  operator: r.operator,
  reason: r.reason,
  edited: r.edited,
  redriveId: r.redriveId,
  error: r.error,
  resultPartition: r.resultPartition,
  resultOffset: r.resultOffset,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** Finds the saga instances a record belongs to, given the topic it was meant for. */
export type SagaLinker = (r: { topic: string; key: Buffer | null; value: Buffer | null; headers: Array<{ name: string; value: Buffer | null }> }) => DeadLetterDetail["sagas"];

function detail(row: DeadLetterRow & { replays: ReplayRow[] }, linkSagas?: SagaLinker): DeadLetterDetail {
  const info = infoOf(row);
  const headers = headersFromJson(row.headers);
  const topics = maskTopics(row.topic, info);
  const sagas = linkSagas && info.origin.topic ? linkSagas({ topic: info.origin.topic, key: row.key ? Buffer.from(row.key) : null, value: row.value ? Buffer.from(row.value) : null, headers }) : [];
  return {
    ...summary(row),
    error: info.error,
    keyError: info.keyError ?? null,
    value: preview(masking().applyToValue(topics, row.value ? Buffer.from(row.value) : null)),
    headers: masking()
      .headerList(topics, headers)
      .map((h) => ({ name: h.name, value: preview(h.value) })),
    masked: topics.some((t) => masking().covers(t)),
    resolvedReason: row.resolvedReason,
    replays: row.replays.map(replayView),
    sagas,
  };
}

const auditView = (a: { id: number; at: Date; actor: string; action: string; deadLetterId: string | null; target: string | null; reason: string | null; result: string; detail: string }): AuditView => ({
  ...a,
  at: a.at.toISOString(),
  detail: JSON.parse(a.detail) as unknown,
});

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
  // Leading =, +, - or @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

function parse<T>(schema: z.ZodType<T>, body: unknown): { ok: true; value: T } | { ok: false; res: DlqResponse } {
  const r = schema.safeParse(body ?? {});
  if (r.success) return { ok: true, value: r.data };
  const reasonMissing = r.error.issues.some((i) => i.path[0] === "reason");
  return { ok: false, res: error(400, reasonMissing ? "REASON_REQUIRED" : "INVALID_BODY", { issues: r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) }) };
}

/**
 * `/api/dlq/*` and `/api/audit`. The HTTP edge (server/http/routes.ts) has
 * already applied the access policy: reads need viewer, every POST and DELETE
 * operator plus the same-origin and CSRF-token checks.
 */
export async function handleDlq(req: DlqRequest, deps: { repo: DlqRepo; service: DlqService; redriver: Redriver; linkSagas?: SagaLinker }): Promise<DlqResponse | null> {
  const { pathname, query, method } = req;
  if (pathname === "/api/dlq/redrives" || pathname.startsWith("/api/dlq/redrives/")) return handleRedrives(req, deps);
  if (pathname === "/api/dlq/messages" && method === "GET") {
    const status = query.get("status") ?? undefined;
    if (status && !(DeadLetterStatuses as readonly string[]).includes(status)) return error(400, "INVALID_STATUS", { allowed: DeadLetterStatuses });
    const group = query.get("group") ?? undefined; // "originTopic:<v>" | "exceptionClass:<v>" | "message:<v>"
    const [gk, ...gv] = group?.split(":") ?? [];
    const gval = gv.join(":");
    const list = await deps.repo.list({
      topic: query.get("topic") || undefined,
      status: status as DeadLetterStatus | undefined,
      q: query.get("q") || undefined,
      originTopic: query.get("originTopic") || (gk === "originTopic" ? gval : undefined),
      exceptionClass: query.get("exceptionClass") || (gk === "exceptionClass" ? gval : undefined),
      message: query.get("message") || (gk === "message" ? gval : undefined),
      limit: Number(query.get("limit") ?? 200) || 200,
    });
    const body: DeadLetterList = { messages: list.rows.map(summary), total: list.total, groups: list.groups };
    return { status: 200, body };
  }
  if (pathname === "/api/audit" && method === "GET") {
    const rows = (await deps.repo.listAudit({ deadLetterId: query.get("deadLetterId") || undefined, action: query.get("action") || undefined, actor: query.get("actor") || undefined, limit: Number(query.get("limit") ?? 500) || 500 })).map(auditView);
    if (query.get("format") === "csv") {
      const cols = ["id", "at", "actor", "action", "deadLetterId", "target", "reason", "result", "detail"] as const;
      const csv = [cols.join(","), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(","))].join("\n") + "\n";
      return { status: 200, body: null, raw: { contentType: "text/csv; charset=utf-8", data: Buffer.from(csv), filename: "sagascope-audit.csv" } };
    }
    return { status: 200, body: { entries: rows } };
  }

  const m = /^\/api\/dlq\/messages\/([^/]+)(?:\/(retry|discard|value))?$/.exec(pathname);
  if (!m) return null;
  const id = decodeURIComponent(m[1]!);
  const action = m[2];
  if (method === "GET" && !action) {
    const row = await deps.repo.get(id);
    return row ? { status: 200, body: detail(row, deps.linkSagas) } : error(404, "NOT_FOUND");
  }
  if (method === "GET" && action === "value") {
    const row = await deps.repo.get(id);
    if (!row) return error(404, "NOT_FOUND");
    return { status: 200, body: null, raw: { contentType: "application/octet-stream", data: masking().applyToValue(maskTopics(row.topic, infoOf(row)), Buffer.from(row.value ?? new Uint8Array())) ?? Buffer.alloc(0), filename: `${id.replace(/[^\w.-]+/g, "_")}.bin` } };
  }
  if (method !== "POST" || (action !== "retry" && action !== "discard")) return error(405, "METHOD_NOT_ALLOWED");

  const who = { actor: req.actor };
  if (action === "retry") {
    const body = parse(retryBodySchema, req.body);
    if (!body.ok) return body.res;
    return respond(await deps.service.retry(id, body.value, who.actor));
  }
  const body = parse(discardBodySchema, req.body);
  if (!body.ok) return body.res;
  return respond(await deps.service.discard(id, body.value, who.actor));
}

type RedriveRecord = NonNullable<Awaited<ReturnType<Redriver["view"]>>>;
const redriveView = (r: RedriveRecord, withResults: boolean): RedriveView => ({
  id: r.id,
  dltTopic: r.dltTopic,
  filter: r.filter,
  ratePerSec: r.ratePerSec,
  targetTopic: r.targetTopic,
  state: r.state as RedriveView["state"],
  total: r.total,
  operator: r.operator,
  reason: r.reason,
  createdAt: r.createdAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
  counts: r.counts,
  ...(withResults ? { results: r.results as RedriveView["results"] } : {}),
});

async function handleRedrives(req: DlqRequest, deps: { redriver: Redriver }): Promise<DlqResponse> {
  const { pathname, method } = req;
  const id = pathname === "/api/dlq/redrives" ? null : decodeURIComponent(pathname.slice("/api/dlq/redrives/".length));
  if (method === "GET" && id) {
    const r = await deps.redriver.view(id);
    return r ? { status: 200, body: redriveView(r, req.query.get("results") !== "0") } : error(404, "NOT_FOUND");
  }
  if (method === "GET") {
    const recent = await deps.redriver.recent();
    return { status: 200, body: { redrives: recent.map((r) => redriveView(r, false)) } };
  }
  if ((method === "POST" && !id) || (method === "DELETE" && id)) {
    const who = { actor: req.actor };
    if (method === "DELETE") return respond(await deps.redriver.cancel(id!, who.actor));
    const body = parse(redriveBodySchema, req.body);
    if (!body.ok) return body.res;
    return respond(await deps.redriver.start(body.value, who.actor), 202);
  }
  return error(405, "METHOD_NOT_ALLOWED");
}
