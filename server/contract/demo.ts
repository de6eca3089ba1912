import { z } from "zod";

/**
 * The demo system's scenario controls (issue 7): what GET /api/demo answers
 * and what the POST /api/demo/* levers accept. Present only while a demo runs
 * in the server's process (`npm run demo`); otherwise every route answers 404
 * DEMO_NOT_RUNNING.
 */

/** The demo's services, each a consumer group of its own (`demo-<service>`). */
export const DemoServiceNames = ["order-service", "payment-service", "inventory-service", "shipping-service", "notification-service", "return-coordinator"] as const;
export type DemoServiceName = (typeof DemoServiceNames)[number];
export const isDemoServiceName = (v: unknown): v is DemoServiceName => typeof v === "string" && (DemoServiceNames as readonly string[]).includes(v);

/** Services whose business step can fail (and so trigger compensations). */
export const FailingServices = ["payment-service", "inventory-service", "shipping-service"] as const;
export type FailingService = (typeof FailingServices)[number];

export interface DemoServiceView {
  service: DemoServiceName;
  /** Its consumer group id (prefixed in tests). */
  group: string;
  /** False while an outage lever holds its consumer stopped. */
  up: boolean;
  /** Events handled (first delivery, each counted once). */
  processed: number;
  /** Deliveries skipped because the event id was already processed (idempotent consumer). */
  duplicatesSkipped: number;
  /** Processing attempts retried after a transient failure (backoff with jitter). */
  retries: number;
  /** Records sent to `<topic>.DLT` after the retries ran out or a poison record. */
  deadLettered: number;
  /** Outbox rows written but not yet published by the relay. */
  outboxBacklog: number;
  /** Outbox rows the relay has published since the demo started. */
  outboxSent: number;
  /** Share of business failures (null: this service has no failing step). */
  failureShare: number | null;
}

export interface DemoState {
  startedAt: string;
  /** Orders created per second. */
  ordersPerSecond: number;
  /** Share of new orders that are returned later (orchestrated return saga). */
  returnShare: number;
  orders: { started: number; completed: number; compensated: number };
  returns: { started: number; completed: number; rejected: number };
  /** Poison records sent by the lever since start. */
  poisonSent: number;
  /** Duplicate deliveries still to inject, and injected so far. */
  duplicates: { pending: number; injected: number };
  services: DemoServiceView[];
}

/** LEVER_FAILED (503, retriable): the demo could not apply a lever; the message says why and the audit has it as "failed". */
export const DemoErrorCodes = ["DEMO_NOT_RUNNING", "INVALID_BODY", "NOT_FOUND", "METHOD_NOT_ALLOWED", "LEVER_FAILED", "IDEMPOTENCY_KEY_REUSED"] as const;
export type DemoErrorCode = (typeof DemoErrorCodes)[number];

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
