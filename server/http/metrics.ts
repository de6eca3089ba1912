import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";

/** A capability's samples of one metric, gathered when /metrics is scraped (server/capability.ts `metrics`). */
export interface Metric {
  name: string;
  help: string;
  type: "counter" | "gauge";
  samples: Array<{ labels?: Record<string, string>; value: number }>;
}

export interface MetricsRegistry {
  /** The Prometheus text exposition: the process's default metrics and every capability's samples. */
  scrape(): Promise<{ contentType: string; text: string }>;
}

/**
 * /metrics through prom-client: a Registry of this app's own (never the
 * global default one: two apps in one process must not share metrics), the
 * process metrics operators expect (`collectDefaultMetrics`: event-loop lag,
 * GC, heap, handles, resident memory, CPU), and the capabilities' samples set
 * on a Gauge or Counter of the same name, type and help at every scrape. A
 * metric's labels are those of its samples; one seen with a new label
 * (a labelled metric first scraped without samples) is declared again.
 * Cost: nothing between scrapes.
 */
export function createMetricsRegistry(gather: () => Promise<Metric[]>): MetricsRegistry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const declared = new Map<string, { metric: Gauge | Counter; labels: Set<string> }>();

  const declare = (m: Metric) => {
    const known = declared.get(m.name);
    const labels = new Set(known?.labels);
    for (const s of m.samples) for (const k of Object.keys(s.labels ?? {})) labels.add(k);
    if (known && labels.size === known.labels.size) return known.metric;
    if (known) registry.removeSingleMetric(m.name);
    const config = { name: m.name, help: m.help, labelNames: [...labels], registers: [registry] };
    const metric = m.type === "counter" ? new Counter(config) : new Gauge(config);
    declared.set(m.name, { metric, labels });
    return metric;
  };

  return {
    async scrape() {
      const metrics = await gather();
      // Synchronous from here to metrics(): one scrape's samples, never half of two.
      for (const m of metrics) {
        const metric = declare(m);
        metric.reset();
        for (const s of m.samples) {
          if (metric instanceof Counter) metric.inc(s.labels ?? {}, s.value);
          else metric.set(s.labels ?? {}, s.value);
        }
      }
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
  };
}

/** Counts operator actions by action and result, as the audit log records them. */
export class ActionCounter {
  private readonly counts = new Map<string, number>();
  add(action: string, result: string): void {
    const k = `${action}\u0000${result}`;
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
  }
  samples(): Array<{ labels: Record<string, string>; value: number }> {
    return [...this.counts].map(([k, value]) => {
      const [action, result] = k.split("\u0000") as [string, string];
      return { labels: { action, result }, value };
    });
  }
}
