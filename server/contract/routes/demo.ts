import type { z } from "zod";
import {
  demoDuplicatesBody,
  demoFailureBody,
  demoOutageBody,
  demoPoisonBody,
  demoRateBody,
  demoStateSchema,
} from "../demo";
import { route, SMALL_BODY_LIMIT } from "../route";

/**
 * The demo's scenario controls (issue 7): present only while a demo runs in
 * the server's process (`npm run demo`), otherwise DEMO_NOT_RUNNING. The
 * levers change only the demo's own traffic: an operator's call, like a retry.
 */

const notRunning = { DEMO_NOT_RUNNING: 404 } as const;

const lever = <B extends z.ZodType>(path: string, summary: string, body: B) =>
  route({
    method: "post",
    path: `/api/demo/${path}`,
    role: "operator",
    tag: "demo",
    summary,
    body,
    bodyLimit: SMALL_BODY_LIMIT,
    headers: {
      "Idempotency-Key":
        "Optional, up to 200 characters: a repeat of a key the caller used in the last 10 minutes pulls nothing and answers the first request's outcome (audited as refused, REPEATED); the same key for another lever is IDEMPOTENCY_KEY_REUSED",
    },
    response: demoStateSchema,
    errors: {
      ...notRunning,
      IDEMPOTENCY_KEY_REUSED: 409,
      /** Retriable: the demo could not apply it (a broker hiccup, a consumer restarting); audited as failed. */
      LEVER_FAILED: 503,
    },
  });

export const demoRoutes = {
  state: route({
    method: "get",
    path: "/api/demo",
    role: "viewer",
    tag: "demo",
    summary:
      "The running demo's state: rate, failure shares, outages, per-service counters and outbox backlog, saga totals",
    response: demoStateSchema,
    errors: notRunning,
  }),
  rate: lever("rate", "Set the demo's order rate (orders per second, 0–200); audited as demo.rate", demoRateBody),
  failures: lever(
    "failures",
    "Set the share (0–1) of business failures in a failing service's step; audited as demo.failures",
    demoFailureBody,
  ),
  outage: lever(
    "outage",
    "Stop (down: true) or restart one service's consumer; its group's lag grows meanwhile; audited as demo.outage",
    demoOutageBody,
  ),
  poison: lever(
    "poison",
    "Publish this many unprocessable orders now (they end in a dead-letter topic); audited as demo.poison",
    demoPoisonBody,
  ),
  duplicates: lever(
    "duplicates",
    "Deliver each of the next `count` outbox events twice (the idempotent consumers skip them); audited as demo.duplicates",
    demoDuplicatesBody,
  ),
} as const;
