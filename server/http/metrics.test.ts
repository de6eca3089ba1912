import { describe, expect, it } from "vitest";
import { ActionCounter, renderMetrics } from "./metrics";

describe("renderMetrics", () => {
  it("renders help, type and samples with escaped labels", () => {
    const text = renderMetrics([
      { name: "sagascope_records_ingested_total", help: "Records consumed", type: "counter", samples: [{ value: 42 }] },
      {
        name: "sagascope_topic_records_per_second",
        help: "Rate",
        type: "gauge",
        samples: [{ labels: { topic: 'a"b\\c\nd' }, value: 1.5 }],
      },
    ]);
    expect(text).toBe(
      [
        "# HELP sagascope_records_ingested_total Records consumed",
        "# TYPE sagascope_records_ingested_total counter",
        "sagascope_records_ingested_total 42",
        "# HELP sagascope_topic_records_per_second Rate",
        "# TYPE sagascope_topic_records_per_second gauge",
        'sagascope_topic_records_per_second{topic="a\\"b\\\\c\\nd"} 1.5',
        "",
      ].join("\n"),
    );
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
