import { describe, expect, it } from "vitest";
import { handleApi, type ApiDeps } from "./routes";
import { openApiDocument } from "./openapi";

const deps = (state: "connected" | "disconnected", dbUp = true): ApiDeps => ({
  status: () => ({
    kafka: { state, brokers: ["b:9092"], since: 1, topics: ["t"], error: null, retryAt: null },
    recordsIngested: 3,
    serverStartedAt: 1,
  }),
  pingDatabase: () => (dbUp ? Promise.resolve() : Promise.reject(new Error("down"))),
  overview: () => ({ at: 1, topics: [], cluster: { partitions: 0, recordsPerSec: 0, bytesPerSec: 0, spark: [], totalRecords: 0, totalBytes: 0, topicCount: 0 } }),
  history: async (scope, partition, range) => ({ scope, partition, range }),
  topicStats: async () => [{ topic: "t", records: 2n ** 40n, bytes: 7n, firstSeenAt: new Date(0), lastSeenAt: new Date(1) }],
});

describe("handleApi", () => {
  it("answers health regardless of Kafka", async () => {
    expect(await handleApi("GET", "/healthz", deps("disconnected"))).toEqual({ status: 200, body: { status: "ok" } });
  });

  it("is ready only when Kafka and the database are reachable", async () => {
    expect((await handleApi("GET", "/readyz", deps("connected")))?.status).toBe(200);
    expect(await handleApi("GET", "/readyz", deps("disconnected"))).toEqual({ status: 503, body: { kafka: false, database: true } });
    expect(await handleApi("GET", "/readyz", deps("connected", false))).toEqual({ status: 503, body: { kafka: true, database: false } });
  });

  it("serialises bigint counters as strings", async () => {
    const out = await handleApi("GET", "/api/topics", deps("connected"));
    expect(out?.body).toMatchObject({ topics: [{ topic: "t", records: "1099511627776", bytes: "7" }] });
  });

  it("lists topics with live rates and persisted totals under the issue's names", async () => {
    const d = deps("connected");
    d.overview = () => ({ ...deps("connected").overview(), topics: [{ topic: "u", partitions: 3, deadLetter: true, recordsPerSec: 2.5, bytesPerSec: 40, spark: [], totalRecords: 9, totalBytes: 90 }] });
    const out = (await handleApi("GET", "/api/topics", d))?.body as { topics: Array<Record<string, unknown>> };
    expect(out.topics.map((t) => t.name)).toEqual(["t", "u"]);
    expect(out.topics[0]).toMatchObject({ name: "t", partitions: null, messagesPerSecond: 0, totalMessages: 2 ** 40, records: "1099511627776", isDeadLetter: false });
    expect(out.topics[1]).toMatchObject({ name: "u", partitions: 3, messagesPerSecond: 2.5, bytesPerSecond: 40, totalMessages: 9, isDeadLetter: true, firstSeenAt: null });
  });

  it("serves a topic's throughput by window and refuses unknown topics and windows", async () => {
    const d = deps("connected");
    d.overview = () => ({ ...deps("connected").overview(), topics: [{ topic: "a/b", partitions: 1, deadLetter: false, recordsPerSec: 0, bytesPerSec: 0, spark: [], totalRecords: 0, totalBytes: 0 }] });
    const q = (s: string) => new URLSearchParams(s);
    expect((await handleApi("GET", "/api/topics/a%2Fb/throughput", d, q("window=24h&partition=0")))?.body).toEqual({ scope: "a/b", partition: 0, range: "24h" });
    expect((await handleApi("GET", "/api/topics/a%2Fb/throughput", d, q("window=7d")))?.status).toBe(400);
    expect((await handleApi("GET", "/api/topics/nope/throughput", d))?.status).toBe(404);
  });

  it("reports health with Kafka and database state even when they are down", async () => {
    expect(await handleApi("GET", "/api/health", deps("disconnected", false))).toMatchObject({ status: 200, body: { server: "up", kafka: { state: "disconnected" }, database: "down" } });
  });

  it("serves the throughput overview", async () => {
    expect(await handleApi("GET", "/api/overview", deps("connected"))).toMatchObject({ status: 200, body: { at: 1, topics: [] } });
  });

  it("serves throughput history and validates its query", async () => {
    const q = (s: string) => new URLSearchParams(s);
    expect((await handleApi("GET", "/api/throughput", deps("connected"), q("topic=orders&range=1h&partition=2")))?.body).toEqual({ scope: "orders", partition: 2, range: "1h" });
    expect((await handleApi("GET", "/api/throughput", deps("connected")))?.body).toEqual({ scope: "", partition: -1, range: "5m" });
    expect((await handleApi("GET", "/api/throughput", deps("connected"), q("range=7d")))?.status).toBe(400);
    expect((await handleApi("GET", "/api/throughput", deps("connected"), q("partition=x")))?.status).toBe(400);
  });

  it("hands /api/demo and its levers the body and the audit's name for the caller", async () => {
    const got: unknown[] = [];
    const d: ApiDeps = { ...deps("connected"), demo: async (req) => (got.push(req), null) };
    const principal = { kind: "session", sessionId: "s", userId: "u", username: "ada", role: "operator", csrfToken: "t" } as const;
    expect(await handleApi("POST", "/api/demo/rate", d, undefined, { headers: {}, body: { ordersPerSecond: 3 }, principal })).toEqual({ status: 404, body: { error: { code: "NOT_FOUND" } } });
    await handleApi("GET", "/api/demo", d);
    expect(got).toEqual([
      { method: "POST", pathname: "/api/demo/rate", body: { ordersPerSecond: 3 }, actor: "ada (operator)" },
      { method: "GET", pathname: "/api/demo", body: undefined, actor: "anonymous (loopback, no login)" },
    ]);
  });

  it("leaves non-API paths to Next.js and refuses unknown routes and methods", async () => {
    expect(await handleApi("GET", "/", deps("connected"))).toBeNull();
    expect((await handleApi("GET", "/api/nope", deps("connected")))?.status).toBe(404);
    expect((await handleApi("POST", "/api/status", deps("connected")))?.status).toBe(405);
  });
});

describe("the OpenAPI document", () => {
  it("is served, and every path and method it lists is answered by the server", async () => {
    const seen: string[] = [];
    const d: ApiDeps = {
      ...deps("connected"),
      dlq: async (req) => (seen.push(`${req.method} ${req.pathname}`), { status: 200, body: {} }),
      sagas: (method, pathname) => (seen.push(`${method} ${pathname}`), { status: 200, body: {} }),
      metrics: async () => "# metrics\n",
      groups: (method, pathname) => (seen.push(`${method} ${pathname}`), { status: 200, body: {} }),
      demo: async (req) => (seen.push(`${req.method} ${req.pathname}`), { status: 200, body: {} }),
      discovery: (method, pathname) => (seen.push(`${method} ${pathname}`), { status: 200, body: {} }),
      trace: (id) => ({ id }),
      records: async (method, pathname) => (seen.push(`${method} ${pathname}`), { status: 200, body: {} }),
      auth: { identify: async () => ({ kind: "anonymous" }), pagesNeedLogin: async () => false, handle: async (r) => (seen.push(`${r.method} ${r.pathname}`), { status: 200, body: {} }) },
    };
    d.overview = () => ({ ...deps("connected").overview(), topics: [{ topic: "order", partitions: 1, deadLetter: false, recordsPerSec: 0, bytesPerSec: 0, spark: [], totalRecords: 0, totalBytes: 0 }] });
    const served = await handleApi("GET", "/api/openapi.json", d);
    expect(served?.body).toBe(openApiDocument);
    for (const [path, ops] of Object.entries(openApiDocument.paths)) {
      for (const method of Object.keys(ops)) {
        const concrete = path.replace("{id}", "orders.DLT%2F0%2F1").replace("{name}", "order").replace("{topic}", "orders").replace("{partition}", "0").replace("{offset}", "7");
        const out = await handleApi(method.toUpperCase(), concrete, d);
        expect(out, `${method} ${path}`).not.toBeNull();
        expect(out!.status, `${method} ${path}`).not.toBe(404);
        expect(out!.status, `${method} ${path}`).not.toBe(405);
      }
    }
    expect(seen).toContain("POST /api/dlq/messages/orders.DLT%2F0%2F1/retry");
    expect(seen).toContain("POST /api/demo/outage");
  });
});
