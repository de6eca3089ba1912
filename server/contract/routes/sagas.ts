import { z } from "zod";
import { route } from "../route";
import {
  AnomalyKindViews,
  discoveredDefinitionSchema,
  discoverySchema,
  instanceListSchema,
  instanceViewSchema,
  sagaDetailSchema,
  sagaListSchema,
} from "../sagas";

/** Read-only views of the saga projections, and the flow discovered on topics no definition covers. */

const sagaName = z.object({ name: z.string() });

export const sagasRoutes = {
  list: route({
    method: "get",
    path: "/api/sagas",
    role: "viewer",
    tag: "sagas",
    summary: "Every saga's summary, broken definitions, replay progress",
    response: sagaListSchema,
    errors: {},
  }),
  detail: route({
    method: "get",
    path: "/api/sagas/{name}",
    role: "viewer",
    tag: "sagas",
    summary: "One saga: summary and definition",
    params: sagaName,
    response: sagaDetailSchema,
    errors: { NOT_FOUND: 404 },
  }),
  instances: route({
    method: "get",
    path: "/api/sagas/{name}/instances",
    role: "viewer",
    tag: "sagas",
    summary: "Instances of a saga, most recently active first",
    params: sagaName,
    query: z.object({
      state: z.string().optional().describe("Only instances in this state"),
      q: z.string().optional().describe("Substring of the correlation id"),
      anomaly: z
        .string()
        .optional()
        .describe(`Only instances with this anomaly: ${AnomalyKindViews.join(", ")}`),
      limit: z.string().optional().describe("Most instances answered (default 100, at most 1000)"),
    }),
    response: instanceListSchema,
    errors: { INVALID_ANOMALY: 400, NOT_FOUND: 404 },
  }),
  instance: route({
    method: "get",
    path: "/api/sagas/{name}/instances/{id}",
    role: "viewer",
    tag: "sagas",
    summary: "One instance: history with records, step durations, anomalies",
    params: z.object({ name: z.string(), id: z.string() }),
    response: instanceViewSchema,
    errors: { NOT_FOUND: 404 },
  }),
} as const;

export const discoveryRoutes = {
  flow: route({
    method: "get",
    path: "/api/discovery",
    role: "viewer",
    tag: "sagas",
    summary:
      "The flow inferred from correlated events on topics no saga definition covers: a directly-follows graph with counts and durations, and a starting definition",
    response: discoverySchema,
    errors: {},
  }),
  definition: route({
    method: "get",
    path: "/api/discovery/definition.json",
    role: "viewer",
    tag: "sagas",
    summary:
      "The discovered flow as a starting saga definition (save it in SAGAS_DIR and edit); NOT_FOUND while nothing was discovered",
    response: discoveredDefinitionSchema,
    errors: { NOT_FOUND: 404 },
  }),
} as const;
