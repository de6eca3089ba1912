import type { Capability } from "../capability";
import type { ServerStatus } from "../contract";
import { platformRoutes } from "../contract/routes/platform";
import { implement, ok } from "./api";
import { renderMetrics, type Metric } from "./metrics";

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
        {
          name: "process_resident_memory_bytes",
          help: "Resident memory",
          type: "gauge",
          samples: [{ value: mem.rss }],
        },
        { name: "nodejs_heap_used_bytes", help: "V8 heap in use", type: "gauge", samples: [{ value: mem.heapUsed }] },
        {
          name: "process_uptime_seconds",
          help: "Seconds since the server started",
          type: "gauge",
          samples: [{ value: Math.round((Date.now() - deps.startedAt) / 1000) }],
        },
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
        raw: { contentType: "text/plain; version=0.0.4; charset=utf-8", data: renderMetrics(await deps.metrics()) },
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
