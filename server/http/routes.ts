import type { IncomingMessage, ServerResponse } from "node:http";
import type { Overview, ServerStatus } from "../contract";
import { isRangeName, type RangeName } from "../streams/history";

export interface ApiDeps {
  status: () => Omit<ServerStatus, "droppedForClient">;
  pingDatabase: () => Promise<void>;
  topicStats: () => Promise<Array<{ topic: string; records: bigint; bytes: bigint; firstSeenAt: Date; lastSeenAt: Date }>>;
  overview: () => Overview;
  history: (scope: string, partition: number, range: RangeName) => Promise<unknown>;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

/**
 * The REST API, served by the custom server rather than Next.js route
 * handlers so it shares this process's state (ingest, hub, store). Handlers
 * return `{status, body}`; `serveApi` is the only part that touches Node's HTTP.
 * Returns null when the path is not ours (Next.js renders it).
 */
export async function handleApi(method: string, pathname: string, deps: ApiDeps, query = new URLSearchParams()): Promise<ApiResponse | null> {
  if (pathname === "/healthz") return { status: 200, body: { status: "ok" } };
  if (pathname === "/readyz") return readiness(deps);
  if (!pathname.startsWith("/api/")) return null;
  if (method !== "GET") return { status: 405, body: { error: { code: "METHOD_NOT_ALLOWED" } } };
  switch (pathname) {
    case "/api/status":
      return { status: 200, body: { ...deps.status(), droppedForClient: 0 } };
    case "/api/topics": {
      const stats = await deps.topicStats();
      const body = stats.map((s) => ({ ...s, records: s.records.toString(), bytes: s.bytes.toString() }));
      return { status: 200, body: { topics: body } };
    }
    case "/api/overview":
      return { status: 200, body: deps.overview() };
    case "/api/throughput": {
      // topic omitted or empty: the whole cluster. partition omitted: all partitions.
      const range = query.get("range") ?? "5m";
      const partition = Number(query.get("partition") ?? -1);
      if (!isRangeName(range)) return { status: 400, body: { error: { code: "INVALID_RANGE", allowed: ["5m", "1h", "24h"] } } };
      if (!Number.isInteger(partition) || partition < -1) return { status: 400, body: { error: { code: "INVALID_PARTITION" } } };
      return { status: 200, body: await deps.history(query.get("topic") ?? "", partition, range) };
    }
    default:
      return { status: 404, body: { error: { code: "NOT_FOUND" } } };
  }
}

async function readiness(deps: ApiDeps): Promise<ApiResponse> {
  const kafka = deps.status().kafka.state === "connected";
  const database = await deps.pingDatabase().then(
    () => true,
    () => false,
  );
  return { status: kafka && database ? 200 : 503, body: { kafka, database } };
}

export async function serveApi(req: IncomingMessage, res: ServerResponse, deps: ApiDeps): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://localhost");
  let out: ApiResponse | null;
  try {
    out = await handleApi(req.method ?? "GET", url.pathname, deps, url.searchParams);
  } catch {
    out = { status: 500, body: { error: { code: "INTERNAL" } } };
  }
  if (!out) return false;
  res.writeHead(out.status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(out.body));
  return true;
}
