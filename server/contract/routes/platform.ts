import { z } from "zod";
import { route } from "../route";
import { serverStatusSchema } from "../status";

/** Process, readiness and the API's own description: routes of the HTTP edge itself. */

export const readinessSchema = z.object({ kafka: z.boolean(), database: z.boolean() });

export const healthSchema = z.object({
  server: z.literal("up"),
  kafka: serverStatusSchema.shape.kafka,
  database: z.enum(["up", "down"]),
});

export const platformRoutes = {
  healthz: route({
    method: "get",
    path: "/healthz",
    role: "public",
    tag: "platform",
    summary: "The process is up",
    response: z.object({ status: z.literal("ok") }),
    errors: {},
  }),
  readyz: route({
    method: "get",
    path: "/readyz",
    role: "public",
    tag: "platform",
    summary: "Kafka and the database are reachable (503 with the same body when not)",
    response: readinessSchema,
    errors: {},
  }),
  metrics: route({
    method: "get",
    path: "/metrics",
    role: "viewer",
    tag: "platform",
    summary:
      "Prometheus metrics: ingest, Kafka, browsers, dropped records, operator actions, dead letters, sagas, process",
    response: { raw: "text/plain; version=0.0.4; charset=utf-8", description: "Prometheus text format 0.0.4" },
    errors: {},
  }),
  openapi: route({
    method: "get",
    path: "/api/openapi.json",
    role: "viewer",
    tag: "platform",
    summary: "This document, generated from the route table",
    response: z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }),
    errors: {},
  }),
  status: route({
    method: "get",
    path: "/api/status",
    role: "viewer",
    tag: "platform",
    summary: "Kafka connection state, topics, records ingested",
    response: serverStatusSchema,
    errors: {},
  }),
  health: route({
    method: "get",
    path: "/api/health",
    role: "viewer",
    tag: "platform",
    summary: "Server, Kafka connection and database state (always 200; /readyz answers 503 when not ready)",
    response: healthSchema,
    errors: {},
  }),
} as const;
