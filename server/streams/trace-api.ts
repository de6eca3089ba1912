import { tracesRoutes } from "../contract/routes/traces";
import { fail, implement, ok, type BoundRoute } from "../http/api";
import { traceView, type TraceIndex } from "./trace-index";

export interface TracesApiDeps {
  traces: Pick<TraceIndex, "find">;
  now?: () => number;
}

/** Longest id looked for (longer header values and keys are not ids; see trace-index.ts). */
const MAX_ID = 200;

/** `/api/traces/{id}`: a scan of the trace ring per request (records are decoded only when they match). */
export function tracesApi(deps: TracesApiDeps): BoundRoute[] {
  const now = deps.now ?? Date.now;
  return [
    implement(tracesRoutes.trace, ({ params }) => {
      if (!params.id || params.id.length > MAX_ID) return fail("INVALID_ID");
      return ok(traceView(params.id, deps.traces.find(params.id, now())));
    }),
  ];
}
