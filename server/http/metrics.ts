/**
 * Prometheus text exposition (format 0.0.4) for /metrics. Pure: samples in,
 * text out; app.ts gathers the samples.
 */
export interface Metric {
  name: string;
  help: string;
  type: "counter" | "gauge";
  samples: Array<{ labels?: Record<string, string>; value: number }>;
}

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const escapeHelp = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

export function renderMetrics(metrics: readonly Metric[]): string {
  const lines: string[] = [];
  for (const m of metrics) {
    lines.push(`# HELP ${m.name} ${escapeHelp(m.help)}`, `# TYPE ${m.name} ${m.type}`);
    for (const s of m.samples) {
      const labels =
        s.labels && Object.keys(s.labels).length
          ? `{${Object.entries(s.labels)
              .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
              .join(",")}}`
          : "";
      const value = Number.isFinite(s.value) ? String(s.value) : s.value > 0 ? "+Inf" : s.value < 0 ? "-Inf" : "NaN";
      lines.push(`${m.name}${labels} ${value}`);
    }
  }
  return lines.join("\n") + "\n";
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
