import type { IncomingMessage, ServerResponse } from "node:http";
import type { Overview, ServerStatus } from "../contract";
import { isRangeName, type RangeName } from "../streams/history";
import type { DlqRequest, DlqResponse } from "../dlq/routes";
import { isDemoPath, type DemoRequest } from "../demo/routes";
import { openApiDocument } from "./openapi";
import { actorOf, decide, type Principal } from "../auth/gate";
import { requiredRole } from "../auth/roles";
import type { AuthRequest, AuthResponse } from "../auth/routes";

export interface ApiDeps {
  status: () => Omit<ServerStatus, "droppedForClient">;
  pingDatabase: () => Promise<void>;
  topicStats: () => Promise<Array<{ topic: string; records: bigint; bytes: bigint; firstSeenAt: Date; lastSeenAt: Date }>>;
  overview: () => Overview;
  history: (scope: string, partition: number, range: RangeName) => Promise<unknown>;
  /** Dead-letter console and audit log (server/dlq/routes.ts). */
  dlq?: (req: DlqRequest) => Promise<DlqResponse | null>;
  /** Saga views (server/sagas/routes.ts). */
  sagas?: (method: string, pathname: string, query: URLSearchParams) => ApiResponse | null;
  /** Records read on demand by offset or time (server/kafka/records-routes.ts). */
  records?: (method: string, pathname: string, query: URLSearchParams) => Promise<ApiResponse | null>;
  /** Records carrying an id, across topics (server/streams/trace-index.ts). */
  trace?: (id: string) => unknown;
  /** Flow discovery (server/sagas/routes.ts). */
  discovery?: (method: string, pathname: string) => ApiResponse | null;
  /** The demo's scenario controls (server/demo/routes.ts). */
  demo?: (req: DemoRequest) => Promise<ApiResponse | null>;
  /** Consumer groups and lag (server/groups/routes.ts). */
  groups?: (method: string, pathname: string) => ApiResponse | null;
  /** Prometheus text for /metrics. */
  metrics?: () => Promise<string>;
  /** Accounts and sessions (server/auth). Without it every caller is the open loopback operator (route unit tests). */
  auth?: {
    identify: (req: { method: string; headers: IncomingMessage["headers"]; remoteAddress?: string }) => Promise<Principal>;
    handle: (req: AuthRequest) => Promise<AuthResponse | null>;
    /** Whether pages need a login (accounts exist or the server is not on loopback). */
    pagesNeedLogin: () => Promise<boolean>;
    /** Origins accepted besides the Host header's (PUBLIC_ORIGINS). */
    publicOrigins?: readonly string[];
    /** The client's address for login throttling (TRUST_PROXY aware). */
    clientAddress?: (req: { headers: IncomingMessage["headers"]; remoteAddress?: string }) => string;
  };
}

export type ApiResponse = DlqResponse & { headers?: Record<string, string> };

const OPEN: Principal = { kind: "open", role: "operator", name: "anonymous" };

/** Largest request body accepted (an edited 10 MB value plus JSON escaping). */
export const MAX_BODY_BYTES = 24 * 1024 * 1024;

/**
 * The REST API, served by the custom server rather than Next.js route
 * handlers so it shares this process's state (ingest, hub, store). Handlers
 * return `{status, body}`; `serveApi` is the only part that touches Node's HTTP.
 * Returns null when the path is not ours (Next.js renders it).
 */
export async function handleApi(
  method: string,
  pathname: string,
  deps: ApiDeps,
  query = new URLSearchParams(),
  extra: { headers: DlqRequest["headers"]; body: unknown; principal?: Principal; address?: string } = { headers: {}, body: undefined },
): Promise<ApiResponse | null> {
  const principal = extra.principal ?? OPEN;
  if (pathname === "/healthz") return { status: 200, body: { status: "ok" } };
  if (pathname === "/readyz") return readiness(deps);
  if (pathname === "/metrics" && deps.metrics) return { status: 200, body: null, raw: { contentType: "text/plain; version=0.0.4; charset=utf-8", data: Buffer.from(await deps.metrics()) } };
  if (!pathname.startsWith("/api/")) return null;
  if (deps.auth && (pathname.startsWith("/api/auth/") || pathname.startsWith("/api/admin/"))) {
    return (await deps.auth.handle({ method, pathname, body: extra.body, principal, address: extra.address ?? "" })) ?? { status: 404, body: { error: { code: "NOT_FOUND" } } };
  }
  if (deps.records && (pathname === "/api/records" || pathname.startsWith("/api/records/") || /^\/api\/topics\/[^/]+\/messages$/.test(pathname))) return (await deps.records(method, pathname, query)) ?? { status: 404, body: { error: { code: "NOT_FOUND" } } };
  if (deps.trace && pathname.startsWith("/api/traces/") && method === "GET") {
    const id = decodeURIComponent(pathname.slice("/api/traces/".length));
    if (!id || id.length > 200) return { status: 400, body: { error: { code: "INVALID_ID" } } };
    return { status: 200, body: deps.trace(id) };
  }
  if (deps.discovery && pathname.startsWith("/api/discovery")) return deps.discovery(method, pathname) ?? { status: 404, body: { error: { code: "NOT_FOUND" } } };
  if (deps.groups && (pathname === "/api/groups" || pathname.startsWith("/api/groups/") || pathname === "/api/consumer-groups")) return deps.groups(method, pathname) ?? { status: 404, body: { error: { code: "NOT_FOUND" } } };
  if (deps.sagas && (pathname === "/api/sagas" || pathname.startsWith("/api/sagas/"))) return deps.sagas(method, pathname, query) ?? { status: 404, body: { error: { code: "NOT_FOUND" } } };
  if (deps.demo && isDemoPath(pathname)) return (await deps.demo({ method, pathname, body: extra.body, actor: actorOf(principal), idempotencyKey: firstHeader(extra.headers?.["idempotency-key"]) })) ?? { status: 404, body: { error: { code: "NOT_FOUND" } } };
  if (deps.dlq && (pathname.startsWith("/api/dlq/") || pathname === "/api/audit")) {
    const out = await deps.dlq({ method, pathname, query, headers: extra.headers, body: extra.body, actor: actorOf(principal) });
    if (out) return out;
    return { status: 404, body: { error: { code: "NOT_FOUND" } } };
  }
  if (method !== "GET") return { status: 405, body: { error: { code: "METHOD_NOT_ALLOWED" } } };
  const throughputOf = /^\/api\/topics\/([^/]+)\/throughput$/.exec(pathname);
  if (throughputOf) {
    // `window` as the issue names it; `range` as /api/throughput does.
    const q = throughputQuery(query.get("window") ?? query.get("range"), query.get("partition"), "INVALID_WINDOW");
    if (!q.ok) return q.res;
    const topic = decodeURIComponent(throughputOf[1]!);
    if (!deps.overview().topics.some((t) => t.topic === topic)) return { status: 404, body: { error: { code: "UNKNOWN_TOPIC", message: `topic ${topic} is not known` } } };
    return { status: 200, body: await deps.history(topic, q.partition, q.range) };
  }
  switch (pathname) {
    case "/api/openapi.json":
      return { status: 200, body: openApiDocument };
    case "/api/status":
      return { status: 200, body: { ...deps.status(), droppedForClient: 0 } };
    case "/api/health": {
      const st = deps.status();
      const database = await deps.pingDatabase().then(
        () => "up" as const,
        () => "down" as const,
      );
      return { status: 200, body: { server: "up", kafka: st.kafka, database } };
    }
    case "/api/topics": {
      // Live rates from the overview, totals persisted in the database (exact, as strings too).
      const stats = new Map((await deps.topicStats()).map((s) => [s.topic, s]));
      const live = deps.overview().topics;
      const names = new Set([...live.map((t) => t.topic), ...stats.keys()]);
      const byName = new Map(live.map((t) => [t.topic, t]));
      const body = [...names].sort().map((name) => {
        const t = byName.get(name);
        const s = stats.get(name);
        return {
          name,
          partitions: t?.partitions ?? null,
          messagesPerSecond: t?.recordsPerSec ?? 0,
          bytesPerSecond: t?.bytesPerSec ?? 0,
          totalMessages: s ? Number(s.records) : (t?.totalRecords ?? 0),
          totalBytes: s ? Number(s.bytes) : (t?.totalBytes ?? 0),
          isDeadLetter: t?.deadLetter ?? false,
          // Exact counters (bigint as strings) and when the topic was first and last seen.
          topic: name,
          records: (s?.records ?? 0n).toString(),
          bytes: (s?.bytes ?? 0n).toString(),
          firstSeenAt: s?.firstSeenAt ?? null,
          lastSeenAt: s?.lastSeenAt ?? null,
        };
      });
      return { status: 200, body: { topics: body } };
    }
    case "/api/overview":
      return { status: 200, body: deps.overview() };
    case "/api/throughput": {
      // topic omitted or empty: the whole cluster. partition omitted: all partitions.
      const q = throughputQuery(query.get("range"), query.get("partition"), "INVALID_RANGE");
      if (!q.ok) return q.res;
      return { status: 200, body: await deps.history(query.get("topic") ?? "", q.partition, q.range) };
    }
    default:
      return { status: 404, body: { error: { code: "NOT_FOUND" } } };
  }
}

/** A chart's range (default 5m) and partition (-1, the default, for all), or the 400 that explains what is wrong. */
function throughputQuery(rangeParam: string | null, partitionParam: string | null, rangeCode: "INVALID_RANGE" | "INVALID_WINDOW"): { ok: true; range: RangeName; partition: number } | { ok: false; res: ApiResponse } {
  const range = rangeParam ?? "5m";
  const partition = Number(partitionParam ?? -1);
  if (!isRangeName(range)) return { ok: false, res: { status: 400, body: { error: { code: rangeCode, message: "must be 5m, 1h or 24h", allowed: ["5m", "1h", "24h"] } } } };
  if (!Number.isInteger(partition) || partition < -1) return { ok: false, res: { status: 400, body: { error: { code: "INVALID_PARTITION", message: "partition must be a non-negative integer" } } } };
  return { ok: true, range, partition };
}

async function readiness(deps: ApiDeps): Promise<ApiResponse> {
  const kafka = deps.status().kafka.state === "connected";
  const database = await deps.pingDatabase().then(
    () => true,
    () => false,
  );
  return { status: kafka && database ? 200 : 503, body: { kafka, database } };
}

/** Account routes take small bodies; anyone may post to /api/auth/login, so it must not read megabytes. The demo's levers are a number or two. */
const SMALL_BODY_BYTES = 16 * 1024;

/** Reads a JSON request body up to `limit` bytes; an error response when it is too big or not JSON. */
async function readJson(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<{ ok: true; body: unknown } | { ok: false; res: ApiResponse }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      return { ok: false, res: { status: 413, body: { error: { code: "BODY_TOO_LARGE", limit } } } };
    }
    chunks.push(chunk);
  }
  // Only JSON is parsed; anything else reaches the handlers bodiless and the
  // same-origin check refuses it with 403 (a cross-site form post is not a 400).
  if (size === 0 || !/^application\/json\b/i.test(req.headers["content-type"] ?? "")) return { ok: true, body: undefined };
  try {
    return { ok: true, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown };
  } catch {
    return { ok: false, res: { status: 400, body: { error: { code: "INVALID_BODY", message: "the body is not valid JSON" } } } };
  }
}

/** Pages and files anyone may load: the login page and what it needs. */
const publicPage = (pathname: string) => pathname === "/login" || pathname.startsWith("/_next/") || pathname === "/icon.svg" || pathname === "/favicon.ico";

/**
 * The HTTP edge: identifies the caller, applies the route's access policy
 * (server/auth/roles.ts) and CSRF checks before reading a body or running a
 * handler, and sends pages of a server that needs a login to /login.
 * Returns false when Next.js should render the request.
 */
export async function serveApi(req: IncomingMessage, res: ServerResponse, deps: ApiDeps, onError?: (err: unknown) => void): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const method = req.method ?? "GET";
  const isApi = url.pathname.startsWith("/api/");
  let out: ApiResponse | null;
  try {
    const isPage = !isApi && url.pathname !== "/metrics" && url.pathname !== "/healthz" && url.pathname !== "/readyz";
    // Public pages and assets first: they must load even while the database (sessions) is down.
    if (isPage && (!deps.auth || publicPage(url.pathname))) return false;
    const facts = { method, headers: req.headers, remoteAddress: req.socket.remoteAddress };
    const principal = deps.auth ? await deps.auth.identify(facts) : OPEN;
    if (isPage) {
      if (!deps.auth || principal.kind === "session" || principal.kind === "open" || !(await deps.auth.pagesNeedLogin())) return false;
      res.writeHead(303, { location: `/login?next=${encodeURIComponent(url.pathname + url.search)}`, "cache-control": "no-store" });
      res.end();
      return true;
    }
    const allowed = decide(principal, requiredRole(method, url.pathname), facts, deps.auth?.publicOrigins);
    if (!allowed.ok) {
      out = { status: allowed.status, body: { error: { code: allowed.code, ...(allowed.message ? { message: allowed.message } : {}) } } };
      req.resume(); // the body is not read
    } else {
      const small = url.pathname.startsWith("/api/auth/") || url.pathname.startsWith("/api/admin/") || isDemoPath(url.pathname);
      const read = isApi && method !== "GET" && method !== "HEAD" ? await readJson(req, small ? SMALL_BODY_BYTES : MAX_BODY_BYTES) : { ok: true as const, body: undefined };
      const address = deps.auth?.clientAddress?.(facts) ?? req.socket.remoteAddress ?? "";
      out = read.ok ? await handleApi(method, url.pathname, deps, url.searchParams, { headers: req.headers, body: read.body, principal, address }) : read.res;
    }
  } catch (err) {
    onError?.(err);
    out = { status: 500, body: { error: { code: "INTERNAL" } } };
  }
  if (!out) return false;
  if (out.raw) {
    res.writeHead(out.status, {
      "content-type": out.raw.contentType,
      "content-length": out.raw.data.length,
      ...(out.raw.filename ? { "content-disposition": `attachment; filename="${out.raw.filename}"` } : {}),
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
    });
    res.end(out.raw.data);
    return true;
  }
  res.writeHead(out.status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff", ...out.headers });
  res.end(JSON.stringify(out.body));
  return true;
}

const firstHeader = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
