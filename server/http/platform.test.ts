import { describe, expect, it } from "vitest";
import type { Overview } from "../contract";
import { throughputHistorySchema, topicsRoutes } from "../contract/routes/topics";
import { topicsApi } from "../streams/api";
import { Throughput } from "../streams/throughput";
import { buildApi } from "./api";
import { platformCapability } from "./platform";

const empty: Overview = {
  at: 1,
  topics: [],
  cluster: {
    partitions: 0,
    recordsPerSec: 0,
    bytesPerSec: 0,
    spark: [],
    totalRecords: 0,
    totalBytes: 0,
    topicCount: 0,
  },
};
const topic = (name: string, over: Partial<Overview["topics"][number]> = {}) => ({
  topic: name,
  partitions: 1,
  deadLetter: false,
  recordsPerSec: 0,
  bytesPerSec: 0,
  spark: [],
  totalRecords: 0,
  totalBytes: 0,
  ...over,
});

function app(opts: { kafka?: "connected" | "disconnected"; dbUp?: boolean; overview?: Overview } = {}) {
  const platform = platformCapability({
    status: () => ({
      kafka: {
        state: opts.kafka ?? "connected",
        brokers: ["b:9092"],
        since: 1,
        topics: ["t"],
        error: null,
        retryAt: null,
      },
      recordsIngested: 3,
      serverStartedAt: 1,
    }),
    pingDatabase: () => (opts.dbUp === false ? Promise.reject(new Error("down")) : Promise.resolve()),
    metrics: async () => [{ name: "x_total", help: "x", type: "counter", samples: [{ value: 2 }] }],
    document: () => ({ openapi: "3.1.0", paths: {} }),
    startedAt: 0,
  });
  const store = {
    listTopicStats: async () => [
      { topic: "t", records: 2n ** 40n, bytes: 7n, firstSeenAt: new Date(0), lastSeenAt: new Date(1) },
    ],
    throughputBuckets: async () => [],
  };
  const ov = () => opts.overview ?? empty;
  const stats = () => ov().topics.map(({ spark: _, ...row }) => row);
  const topics = topicsApi({
    store,
    throughput: new Throughput(),
    overview: ov,
    stats,
    snapshot: () => ({ at: ov().at, rows: stats(), cluster: ov().cluster }),
    now: () => 1_000_000,
  });
  // An admin: unknown writes need admin before they are told 405 (deny by default).
  return buildApi([...(platform.routes ?? []), ...topics], {
    identify: async () => ({ kind: "open", role: "admin", name: "t" }),
  });
}
const get = async (a: ReturnType<typeof app>, url: string) => {
  const res = await a.request(url);
  return { status: res.status, body: (await res.json().catch(() => null)) as unknown };
};

describe("platform routes", () => {
  it("answers health regardless of Kafka, and is ready only when Kafka and the database are", async () => {
    expect(await get(app({ kafka: "disconnected" }), "/healthz")).toEqual({ status: 200, body: { status: "ok" } });
    expect((await get(app(), "/readyz")).status).toBe(200);
    expect(await get(app({ kafka: "disconnected" }), "/readyz")).toEqual({
      status: 503,
      body: { kafka: false, database: true },
    });
    expect(await get(app({ dbUp: false }), "/readyz")).toEqual({ status: 503, body: { kafka: true, database: false } });
    expect(await get(app({ kafka: "disconnected", dbUp: false }), "/api/health")).toMatchObject({
      status: 200,
      body: { server: "up", kafka: { state: "disconnected" }, database: "down" },
    });
  });

  it("serves Prometheus text", async () => {
    const res = await app().request("/metrics");
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(await res.text()).toContain("x_total 2");
  });

  it("says what is read: per topic in /api/status, per capability and in total in /metrics", async () => {
    const reads = {
      topics: 2,
      recordsPerSec: 3,
      bytesPerSec: 30,
      byTopic: [
        { topic: "t", wantedBy: [{ capability: "ingest", why: "INGEST_TOPICS" }] },
        {
          topic: "t.DLT",
          wantedBy: [
            { capability: "dlq", why: "dead-letter pattern" },
            { capability: "ingest", why: "INGEST_TOPICS" },
          ],
        },
      ],
    };
    const platform = platformCapability({
      status: () => ({
        kafka: { state: "connected", brokers: [], since: 1, topics: ["t", "t.DLT"], error: null, retryAt: null },
        recordsIngested: 0,
        serverStartedAt: 1,
        reads: { topics: 2, recordsPerSec: 3, bytesPerSec: 30 },
      }),
      reads: () => reads,
      pingDatabase: async () => undefined,
      metrics: async () => [],
      document: () => ({}),
      startedAt: 0,
    });
    const api = buildApi(platform.routes ?? [], { identify: async () => ({ kind: "open", role: "admin", name: "t" }) });
    expect(((await get(api, "/api/status")).body as { reads: unknown }).reads).toEqual(reads);
    const metrics = await platform.metrics!();
    const samples = (name: string) => metrics.find((m) => m.name === name)?.samples;
    expect(samples("sagascope_read_topics")).toEqual([
      { labels: { capability: "ingest" }, value: 2 },
      { labels: { capability: "dlq" }, value: 1 },
    ]);
    expect(samples("sagascope_read_records_per_second")).toEqual([{ value: 3 }]);
    expect(samples("sagascope_read_bytes_per_second")).toEqual([{ value: 30 }]);
  });

  it("refuses unknown routes and methods", async () => {
    expect((await get(app(), "/api/nope")).status).toBe(404);
    expect(
      (
        await app().request("/api/status", {
          method: "POST",
          headers: { host: "localhost", "content-type": "application/json" },
          body: "{}",
        })
      ).status,
    ).toBe(405);
  });
});

describe("topics routes", () => {
  it("lists topics with live rates and persisted totals, bigint counters as strings", async () => {
    const out = await get(
      app({
        overview: {
          ...empty,
          topics: [
            topic("u", {
              partitions: 3,
              deadLetter: true,
              recordsPerSec: 2.5,
              bytesPerSec: 40,
              totalRecords: 9,
              totalBytes: 90,
            }),
          ],
        },
      }),
      "/api/topics",
    );
    const body = topicsRoutes.list.response.parse(out.body);
    expect(body.topics.map((t) => t.name)).toEqual(["t", "u"]);
    expect(body.topics[0]).toMatchObject({
      name: "t",
      partitions: null,
      messagesPerSecond: 0,
      totalMessages: 2 ** 40,
      records: "1099511627776",
      bytes: "7",
      isDeadLetter: false,
      firstSeenAt: new Date(0).toISOString(),
    });
    expect(body.topics[1]).toMatchObject({
      name: "u",
      partitions: 3,
      messagesPerSecond: 2.5,
      bytesPerSecond: 40,
      totalMessages: 9,
      isDeadLetter: true,
      firstSeenAt: null,
    });
  });

  it("serves a topic's throughput by window (an encoded slash stays in the name) and refuses unknown topics and windows", async () => {
    const a = app({ overview: { ...empty, topics: [topic("a/b")] } });
    const ok = await get(a, "/api/topics/a%2Fb/throughput?window=24h&partition=0");
    expect(throughputHistorySchema.parse(ok.body)).toMatchObject({
      scope: "a/b",
      partition: 0,
      range: "24h",
      step: 90,
    });
    expect(await get(a, "/api/topics/a%2Fb/throughput?window=7d")).toMatchObject({
      status: 400,
      body: { error: { code: "INVALID_WINDOW", allowed: ["5m", "1h", "24h"] } },
    });
    expect(await get(a, "/api/topics/nope/throughput")).toMatchObject({
      status: 404,
      body: { error: { code: "UNKNOWN_TOPIC" } },
    });
  });

  it("serves the cluster's or a topic's history and validates its query", async () => {
    const a = app();
    expect(
      throughputHistorySchema.parse((await get(a, "/api/throughput?topic=orders&range=1h&partition=2")).body),
    ).toMatchObject({ scope: "orders", partition: 2, range: "1h" });
    expect(throughputHistorySchema.parse((await get(a, "/api/throughput")).body)).toMatchObject({
      scope: "",
      partition: -1,
      range: "5m",
      step: 1,
    });
    expect(await get(a, "/api/throughput?range=7d")).toMatchObject({
      status: 400,
      body: { error: { code: "INVALID_RANGE" } },
    });
    expect(await get(a, "/api/throughput?partition=x")).toMatchObject({
      status: 400,
      body: { error: { code: "INVALID_PARTITION" } },
    });
    expect(await get(a, "/api/overview")).toEqual({ status: 200, body: empty });
  });
});
