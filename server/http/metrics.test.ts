import { describe, expect, it } from "vitest";
import { platformRoutes } from "../contract/routes/platform";
import { ActionCounter, createMetricsRegistry, type Metric } from "./metrics";

/** Every metric Sagascope's capabilities report (grep server/ for `sagascope_`), as dashboards know them. */
const existing: Metric[] = [
  { name: "sagascope_kafka_connected", help: "1 while connected to Kafka", type: "gauge", samples: [{ value: 1 }] },
  { name: "nodejs_heap_used_bytes", help: "V8 heap in use", type: "gauge", samples: [{ value: 1e6 }] },
  { name: "process_uptime_seconds", help: "Seconds since the server started", type: "gauge", samples: [{ value: 9 }] },
  {
    name: "sagascope_records_ingested_total",
    help: "Records consumed since the process started",
    type: "counter",
    samples: [{ value: 42 }],
  },
  {
    name: "sagascope_topic_records_per_second",
    help: "Records per second per topic, 5 s average",
    type: "gauge",
    samples: [{ labels: { topic: 'a"b\\c\nd' }, value: 1.5 }],
  },
  { name: "sagascope_dead_letters", help: "Dead letters stored, by status", type: "gauge", samples: [] },
  {
    name: "sagascope_saga_finished_total",
    help: "Finished saga instances by outcome",
    type: "counter",
    samples: [{ labels: { saga: "checkout", outcome: "completed" }, value: 3 }],
  },
];

describe("the metrics registry (prom-client)", () => {
  it("renders the capabilities' metrics with their names, types, help and escaped labels", async () => {
    const { text, contentType } = await createMetricsRegistry(async () => existing).scrape();
    expect(contentType).toBe(platformRoutes.metrics.response.raw);
    for (const m of existing) {
      expect(text).toContain(`# HELP ${m.name} ${m.help}\n# TYPE ${m.name} ${m.type}\n`);
    }
    expect(text).toContain("\nsagascope_records_ingested_total 42\n");
    expect(text).toContain('\nsagascope_topic_records_per_second{topic="a\\"b\\\\c\\nd"} 1.5\n');
    expect(text).toContain('\nsagascope_saga_finished_total{saga="checkout",outcome="completed"} 3\n');
  });

  it("comes with the process metrics operators expect", async () => {
    const { text } = await createMetricsRegistry(async () => []).scrape();
    for (const name of [
      "nodejs_eventloop_lag_seconds",
      "nodejs_gc_duration_seconds",
      "nodejs_heap_size_used_bytes",
      "nodejs_active_handles_total",
      "process_resident_memory_bytes",
      "process_cpu_seconds_total",
    ])
      expect(text).toContain(`# TYPE ${name} `);
  });

  it("shows each scrape's samples only: a vanished label set goes, a label first seen later is declared", async () => {
    let samples: Metric["samples"] = [];
    const registry = createMetricsRegistry(async () => [
      { name: "sagascope_saga_stuck", help: "Stuck", type: "gauge", samples },
    ]);
    expect(await registry.scrape().then((m) => m.text)).toContain("# TYPE sagascope_saga_stuck gauge\n");
    samples = [
      { labels: { saga: "a" }, value: 2 },
      { labels: { saga: "b" }, value: 1 },
    ];
    expect((await registry.scrape()).text).toContain(
      'sagascope_saga_stuck{saga="a"} 2\nsagascope_saga_stuck{saga="b"} 1\n',
    );
    samples = [{ labels: { saga: "b" }, value: 0 }];
    const text = (await registry.scrape()).text;
    expect(text).not.toContain('saga="a"');
    expect(text).toContain('sagascope_saga_stuck{saga="b"} 0\n');
  });

  it("keeps two apps' registries apart", async () => {
    const one = createMetricsRegistry(async () => [existing[0]!]);
    const two = createMetricsRegistry(async () => [{ ...existing[0]!, samples: [{ value: 0 }] }]);
    expect((await one.scrape()).text).toContain("\nsagascope_kafka_connected 1\n");
    expect((await two.scrape()).text).toContain("\nsagascope_kafka_connected 0\n");
  });
});

describe("ActionCounter", () => {
  it("counts by action and result", () => {
    const c = new ActionCounter();
    c.add("retry", "ok");
    c.add("retry", "ok");
    c.add("retry", "refused");
    expect(c.samples()).toEqual([
      { labels: { action: "retry", result: "ok" }, value: 2 },
      { labels: { action: "retry", result: "refused" }, value: 1 },
    ]);
  });
});
