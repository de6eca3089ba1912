import { tracesRoutes } from "../contract/routes/traces";
import { fail, implement, ok, type BoundRoute } from "../http/api";
import { traceView, type TraceIndex } from "./trace-index";
import type { TraceScans } from "./trace-scan";

export interface TracesApiDeps {
  traces: Pick<TraceIndex, "find">;
  /** Scans on demand beyond the index. */
  scans: Pick<TraceScans, "start" | "get" | "cancel">;
  now?: () => number;
}

/** Longest id looked for (longer header values and keys are not ids; see trace-index.ts). */
const MAX_ID = 200;

/**
 * `/api/traces/{id}`: a scan of the trace ring per request (records are
 * decoded only when they match); `/api/traces/{id}/scans`: a scan of chosen
 * topics' last minutes, as a job (trace-scan.ts).
 */
export function tracesApi(deps: TracesApiDeps): BoundRoute[] {
  const now = deps.now ?? Date.now;
  const { scans } = deps;
  return [
    implement(tracesRoutes.trace, ({ params }) => {
      if (!params.id || params.id.length > MAX_ID) return fail("INVALID_ID");
      return ok(traceView(params.id, deps.traces.find(params.id, now())));
    }),
    implement(tracesRoutes.startScan, async ({ params, body }) => {
      if (!params.id || params.id.length > MAX_ID) return fail("INVALID_ID");
      const started = await scans.start({ id: params.id, ...body });
      if ("refused" in started) return fail(started.refused, { message: started.message });
      return ok(started);
    }),
    implement(tracesRoutes.scan, ({ params }) => {
      const scan = scans.get(params.scanId);
      return scan ? ok(scan) : fail("NOT_FOUND", { message: "no such scan (finished scans are kept 10 minutes)" });
    }),
    implement(tracesRoutes.cancelScan, ({ params }) => {
      const scan = scans.cancel(params.scanId);
      return scan ? ok(scan) : fail("NOT_FOUND", { message: "no such scan (finished scans are kept 10 minutes)" });
    }),
  ];
}
