import { z } from "zod";

/**
 * The demo system's scenario controls (issue 7): what GET /api/demo answers
 * and what the POST /api/demo/* levers accept. Present only while a demo runs
 * in the server's process (`npm run demo`); otherwise every route answers 404
 * DEMO_NOT_RUNNING.
 */

/** The demo's services, each a consumer group of its own (`demo-<service>`). */
export const DemoServiceNames = [
  "order-service",
  "payment-service",
  "inventory-service",
  "shipping-service",
  "notification-service",
  "return-coordinator",
] as const;
export type DemoServiceName = (typeof DemoServiceNames)[number];
export const isDemoServiceName = (v: unknown): v is DemoServiceName =>
  typeof v === "string" && (DemoServiceNames as readonly string[]).includes(v);

/** Services whose business step can fail (and so trigger compensations). */
export const FailingServices = ["payment-service", "inventory-service", "shipping-service"] as const;
export type FailingService = (typeof FailingServices)[number];

const counter = z.number().int().nonnegative();

export const demoServiceViewSchema = z.object({
  service: z.enum(DemoServiceNames),
  group: z.string().describe("Its consumer group id (prefixed in tests)"),
  up: z.boolean().describe("False while an outage lever holds its consumer stopped"),
  processed: counter.describe("Events handled (first delivery, each counted once)"),
  duplicatesSkipped: counter.describe(
    "Deliveries skipped because the event id was already processed (idempotent consumer)",
  ),
  retries: counter.describe("Processing attempts retried after a transient failure (backoff with jitter)"),
  deadLettered: counter.describe("Records sent to `<topic>.DLT` after the retries ran out or a poison record"),
  outboxBacklog: counter.describe("Outbox rows written but not yet published by the relay"),
  outboxSent: counter.describe("Outbox rows the relay has published since the demo started"),
  failureShare: z.number().nullable().describe("Share of business failures; null for a service without a failing step"),
});
export type DemoServiceView = z.infer<typeof demoServiceViewSchema>;

/** What GET /api/demo and every lever answer: the demo's state (after the lever took effect). */
export const demoStateSchema = z.object({
  startedAt: z.iso.datetime(),
  ordersPerSecond: z.number().describe("Orders created per second"),
  returnShare: z.number().describe("Share of new orders that are returned later (orchestrated return saga)"),
  orders: z.object({ started: counter, completed: counter, compensated: counter }),
  returns: z.object({ started: counter, completed: counter, rejected: counter }),
  poisonSent: counter.describe("Poison records sent by the lever since start"),
  duplicates: z
    .object({ pending: counter, injected: counter })
    .describe("Duplicate deliveries still to inject, and injected so far"),
  services: z.array(demoServiceViewSchema),
});
export type DemoState = z.infer<typeof demoStateSchema>;

/** POST /api/demo/rate */
export const demoRateBody = z.object({ ordersPerSecond: z.number().min(0).max(200) }).strict();
/** POST /api/demo/failures: the share of business failures in one service's step. */
export const demoFailureBody = z.object({ service: z.enum(FailingServices), share: z.number().min(0).max(1) }).strict();
/** POST /api/demo/outage: stop (down: true) or restart (down: false) one service's consumer. */
export const demoOutageBody = z.object({ service: z.enum(DemoServiceNames), down: z.boolean() }).strict();
/** POST /api/demo/poison: publish this many unprocessable orders now. */
export const demoPoisonBody = z.object({ count: z.number().int().min(1).max(500) }).strict();
/** POST /api/demo/duplicates: deliver each of the next `count` outbox events twice. */
export const demoDuplicatesBody = z.object({ count: z.number().int().min(1).max(500) }).strict();

export type DemoRateBody = z.infer<typeof demoRateBody>;
export type DemoFailureBody = z.infer<typeof demoFailureBody>;
export type DemoOutageBody = z.infer<typeof demoOutageBody>;
export type DemoPoisonBody = z.infer<typeof demoPoisonBody>;
export type DemoDuplicatesBody = z.infer<typeof demoDuplicatesBody>;

/** What the server's routes drive; server/demo implements it. Every lever answers the state after it took effect. */
export interface DemoControl {
  state(): Promise<DemoState>;
  setRate(b: DemoRateBody): Promise<DemoState>;
  setFailureShare(b: DemoFailureBody): Promise<DemoState>;
  setOutage(b: DemoOutageBody): Promise<DemoState>;
  sendPoison(b: DemoPoisonBody): Promise<DemoState>;
  injectDuplicates(b: DemoDuplicatesBody): Promise<DemoState>;
}
