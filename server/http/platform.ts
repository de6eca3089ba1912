import type { Capability } from "../capability";
import type { ServerStatus } from "../contract";
import { platformRoutes } from "../contract/routes/platform";
import { implement, ok } from "./api";
import { createMetricsRegistry, type Metric } from "./metrics";

export interface PlatformDeps {
  status: () => Omit<ServerStatus, "droppedForClient">;
  /** What is read, with each topic's reasons (the status carries only the totals). */
  reads?: () => NonNullable<ServerStatus["reads"]>;
  pingDatabase: () => Promise<void>;
  /** Every capability's metrics (read when /metrics is scraped). */
  metrics: () => Promise<Metric[]>;
  /** The generated OpenAPI document (read when asked for). */
  document: () => unknown;
  /** Epoch ms the process started (uptime). */
  startedAt: number;
}

/** The HTTP edge's own routes: liveness, readiness, status, health, metrics, the OpenAPI document. */
export function platformCapability(deps: PlatformDeps): Capability {
  const database = () =>
    deps.pingDatabase().then(
      () => true,
      () => false,
    );
  // One per app; resident memory, CPU, heap, GC and event-loop lag come with prom-client's default metrics.
  const registry = createMetricsRegistry(deps.metrics);
  return {
    name: "platform",
    metrics: () => {
      const mem = process.memoryUsage();
      return [
        {
          name: "sagascope_kafka_connected",
          help: "1 while connected to Kafka",
          type: "gauge",
          samples: [{ value: deps.status().kafka.state === "connected" ? 1 : 0 }],
        },
        { name: "nodejs_heap_used_bytes", help: "V8 heap in use", type: "gauge", samples: [{ value: mem.heapUsed }] },
        {
          name: "process_uptime_seconds",
          help: "Seconds since the server started",
          type: "gauge",
          samples: [{ value: Math.round((Date.now() - deps.startedAt) / 1000) }],
        },
        ...readMetrics(deps.reads?.()),
      ];
    },
    routes: [
      implement(platformRoutes.healthz, () => ok({ status: "ok" as const })),
      implement(platformRoutes.readyz, async () => {
        const kafka = deps.status().kafka.state === "connected";
        const db = await database();
        return { body: { kafka, database: db }, status: kafka && db ? 200 : 503 };
      }),
      implement(platformRoutes.metrics, async () => ({
        raw: await registry.scrape().then((m) => ({ contentType: m.contentType, data: m.text })),
      })),
      implement(platformRoutes.openapi, () => ok(deps.document() as never)),
      implement(platformRoutes.status, () =>
        ok({ ...deps.status(), ...(deps.reads ? { reads: deps.reads() } : {}), droppedForClient: 0 }),
      ),
      implement(platformRoutes.health, async () =>
        ok({
          server: "up" as const,
          kafka: deps.status().kafka,
          database: (await database()) ? ("up" as const) : ("down" as const),
        }),
      ),
    ],
  };
}

/** What Sagascope reads (issue 14, "say what it costs"): topics per capability, and the records and bytes read. */
function readMetrics(reads: ServerStatus["reads"]): Metric[] {
  if (!reads) return [];
  const perCapability = new Map<string, number>();
  for (const t of reads.byTopic ?? [])
    for (const w of t.wantedBy) perCapability.set(w.capability, (perCapability.get(w.capability) ?? 0) + 1);
  return [
    {
      name: "sagascope_read_topics",
      help: "Topics whose records are read, by the capability that wants them (a topic counts once per capability)",
      type: "gauge",
      samples: [...perCapability].map(([capability, value]) => ({ labels: { capability }, value })),
    },
    {
      name: "sagascope_read_records_per_second",
      help: "Records per second read over all read topics, 5 s average",
      type: "gauge",
      samples: [{ value: reads.recordsPerSec }],
    },
    {
      name: "sagascope_read_bytes_per_second",
      help: "Bytes per second read over all read topics, 5 s average",
      type: "gauge",
      samples: [{ value: reads.bytesPerSec }],
    },
  ];
}
