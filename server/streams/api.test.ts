import { describe, expect, it } from "vitest";
import { topicsRoutes } from "../contract/routes/topics";
import type { IngestedBatch } from "../kafka/ingested";
import { buildApi } from "../http/api";
import { topicsApi, type TopicsSnapshot } from "./api";
import { Throughput } from "./throughput";

/** GET /api/topics/view through the route table (Hono, the declared query and response schemas), on real counters. */
function app(topicCount: number) {
  const throughput = new Throughput();
  const topics = Array.from({ length: topicCount }, (_, i) => ({
    topic: `t-${String(i).padStart(5, "0")}`,
    partitions: (i % 4) + 1,
  }));
  const now = 10_000;
  // Every tenth topic has traffic: i records in each of the last 5 seconds.
  for (let s = 1; s <= 5; s++)
    for (let i = 0; i < topicCount; i += 10)
      throughput.addBatch(
        { topic: topics[i]!.topic, partition: 0, records: new Array(i), bytes: i * 10 } as unknown as IngestedBatch,
        now - s * 1000 + 10,
      );
  const isDlt = (t: string) => t.endsWith("7");
  const stats = () => throughput.stats(now, topics, isDlt).rows;
  let snapshots = 0;
  const snapshot = (): TopicsSnapshot => {
    snapshots += 1;
    return { at: now, ...throughput.stats(now, topics, isDlt) };
  };
  const api = buildApi(
    topicsApi({
      store: { listTopicStats: async () => [], throughputBuckets: async () => [] },
      throughput,
      overview: () => throughput.overview(now, topics, isDlt),
      stats,
      snapshot,
    }),
  );
  return {
    snapshots: () => snapshots,
    get: async (query: string) => {
      const res = await api.request(`/api/topics/view${query}`);
      const body: unknown = await res.json();
      return { status: res.status, body };
    },
  };
}

describe("GET /api/topics/view", () => {
  it("answers one page of 10,000 topics, sorted and filtered on the server, with the count of matches", async () => {
    const a = app(10_000);
    const first = await a.get("");
    expect(first.status).toBe(200);
    const view = topicsRoutes.view.response.parse(first.body);
    expect(view).toMatchObject({ total: 10_000, matched: 10_000, sort: "recordsPerSec", dir: "desc", offset: 0 });
    expect(view.rows).toHaveLength(100);
    // The busiest first: topic 9990 has 9990 records in each second.
    expect(view.rows[0]).toMatchObject({ topic: "t-09990", recordsPerSec: 9990 });
    expect(view.rows[0]!.spark).toHaveLength(60);
    expect(view.rows[0]!.spark.slice(-5)).toEqual([9990, 9990, 9990, 9990, 9990]);

    const byName = topicsRoutes.view.response.parse((await a.get("?sort=topic&dir=desc&offset=9998&limit=50")).body);
    expect(byName.rows.map((r) => r.topic)).toEqual(["t-00001", "t-00000"]);

    const filtered = topicsRoutes.view.response.parse((await a.get("?q=T-0012&sort=partitions&dir=asc")).body);
    expect(filtered.matched).toBe(10);
    expect(filtered.rows.map((r) => [r.topic, r.partitions])).toEqual([
      ["t-00120", 1],
      ["t-00124", 1],
      ["t-00128", 1],
      ["t-00121", 2],
      ["t-00125", 2],
      ["t-00129", 2],
      ["t-00122", 3],
      ["t-00126", 3],
      ["t-00123", 4],
      ["t-00127", 4],
    ]);
    expect(filtered.rows.find((r) => r.topic === "t-00127")?.deadLetter).toBe(true);

    const one = topicsRoutes.view.response.parse((await a.get("?topic=t-00042")).body);
    expect(one.rows.map((r) => r.topic)).toEqual(["t-00042"]);
  });

  it("caps the page at 500 rows and refuses a query it does not declare", async () => {
    const a = app(1000);
    expect(topicsRoutes.view.response.parse((await a.get("?limit=5000")).body).rows).toHaveLength(500);
    expect(topicsRoutes.view.response.parse((await a.get("?limit=0")).body).rows).toHaveLength(1);
    for (const bad of ["?sort=nope", "?dir=up", "?offset=-1", "?limit=ten"])
      expect(await a.get(bad), bad).toMatchObject({ status: 400, body: { error: { code: "INVALID_QUERY" } } });
  });
});
