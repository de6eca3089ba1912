import { z } from "zod";
import { DemoServiceNames, demoDuplicatesBody, demoFailureBody, demoOutageBody, demoPoisonBody, demoRateBody } from "../contract";

/**
 * The scenario controls' part of the OpenAPI document (server/http/openapi.ts
 * spreads it in). Request bodies are generated from the contract's zod
 * schemas, so the document cannot drift from what the routes accept.
 */

const json = (schema: object, description = "OK") => ({ description, content: { "application/json": { schema } } });
const error = (description: string) => json({ $ref: "#/components/schemas/Error" }, description);
const state = json({ $ref: "#/components/schemas/DemoState" }, "The demo's state after the lever took effect");
const body = (schema: z.ZodType) => ({ required: true, content: { "application/json": { schema: (({ $schema: _, ...rest }) => rest)(z.toJSONSchema(schema, { io: "input" }) as Record<string, unknown>) } } });

const service = {
  type: "object",
  properties: {
    service: { enum: [...DemoServiceNames] },
    group: { type: "string", description: "Its consumer group" },
    up: { type: "boolean", description: "False while an outage holds its consumer stopped" },
    processed: { type: "integer" },
    duplicatesSkipped: { type: "integer", description: "Deliveries skipped as already processed (idempotent consumer)" },
    retries: { type: "integer" },
    deadLettered: { type: "integer" },
    outboxBacklog: { type: "integer", description: "Outbox rows not yet published by the relay" },
    outboxSent: { type: "integer" },
    failureShare: { type: ["number", "null"], description: "Share of business failures; null for a service without a failing step" },
  },
};

const triple = (a: string, b: string, c: string) => ({ type: "object", properties: { [a]: { type: "integer" }, [b]: { type: "integer" }, [c]: { type: "integer" } } });

export const demoSchemas = {
  DemoState: {
    type: "object",
    properties: {
      startedAt: { type: "string", format: "date-time" },
      ordersPerSecond: { type: "number" },
      returnShare: { type: "number" },
      orders: triple("started", "completed", "compensated"),
      returns: triple("started", "completed", "rejected"),
      poisonSent: { type: "integer" },
      duplicates: { type: "object", properties: { pending: { type: "integer" }, injected: { type: "integer" } } },
      services: { type: "array", items: service },
    },
  },
};

const leverErrors = {
  "400": error("INVALID_BODY: the message names the field and the allowed range"),
  "401": error("UNAUTHENTICATED or INVALID_CREDENTIALS"),
  "403": error("FORBIDDEN (needs the operator role), CSRF_TOKEN or CROSS_ORIGIN"),
  "404": error("DEMO_NOT_RUNNING: no demo runs in this server (start one with `npm run demo`)"),
  "409": error("IDEMPOTENCY_KEY_REUSED: this Idempotency-Key was used for another lever"),
  "503": error("LEVER_FAILED (retriable): the demo could not apply it; audited as failed"),
};
const idempotencyKey = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  schema: { type: "string", maxLength: 200 },
  description: "A repeat of a key the caller used in the last 10 minutes pulls nothing: it answers the first request's outcome (audited as refused, REPEATED).",
};
const operatorSecurity = [{ session: [], csrf: [] }, { apiToken: [] }];
const leverOp = (summary: string, schema: z.ZodType) => ({
  post: { summary, security: operatorSecurity, parameters: [{ $ref: "#/components/parameters/operatorName" }, idempotencyKey], requestBody: body(schema), responses: { "200": state, ...leverErrors } },
});

export const demoPaths = {
  "/api/demo": { get: { summary: "The running demo's state: rate, failure shares, outages, per-service counters and outbox backlog, saga totals", responses: { "200": json({ $ref: "#/components/schemas/DemoState" }), "404": error("DEMO_NOT_RUNNING") } } },
  "/api/demo/rate": leverOp("Set the demo's order rate (orders per second, 0–200); audited as demo.rate", demoRateBody),
  "/api/demo/failures": leverOp("Set the share (0–1) of business failures in a failing service's step; audited as demo.failures", demoFailureBody),
  "/api/demo/outage": leverOp("Stop (down: true) or restart one service's consumer; its group's lag grows meanwhile; audited as demo.outage", demoOutageBody),
  "/api/demo/poison": leverOp("Publish this many unprocessable orders now (they end in a dead-letter topic); audited as demo.poison", demoPoisonBody),
  "/api/demo/duplicates": leverOp("Deliver each of the next `count` outbox events twice (the idempotent consumers skip them); audited as demo.duplicates", demoDuplicatesBody),
};
