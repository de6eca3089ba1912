import type { BoundRoute } from "./http/api";
import type { Metric } from "./http/metrics";
import type { IngestedBatch } from "./kafka/ingested";
import type { KafkaRecord } from "./kafka/normalise";

/**
 * What a capability contributes to the process, declared in one object
 * (server/<capability>/index.ts): its REST routes (each declared in
 * server/contract/routes/), the metrics it reports, which topics it needs
 * read in full, and its lifecycle. server/app.ts lists capabilities and wires
 * nothing else; dependencies (store, Kafka client, masking, clock, logger)
 * are passed to each capability's factory, never read from module globals.
 */
export interface Capability {
  name: string;
  routes?: readonly BoundRoute[];
  /** Samples for /metrics, gathered when scraped. */
  metrics?: () => Promise<Metric[]> | Metric[];
  /**
   * Every ingested batch, counted once (O(1) per record: sizes, timestamps,
   * references; previews are built only when someone reads them).
   */
  onBatch?: (batch: IngestedBatch, now: number) => void;
  /**
   * Topics whose records this capability needs whole, normalised once per
   * batch (saga topics, dead-letter topics); the rest cost only their counts.
   * `take` is awaited before the batch is acknowledged.
   */
  reads?: {
    select: (topic: string) => boolean;
    take: (records: readonly KafkaRecord[]) => Promise<void> | void;
    /** Why it reads a topic `select` wants, for /api/status and the "What Sagascope reads" view ("dead-letter pattern"). */
    why?: (topic: string) => string;
  };
  /** Called once the server listens. */
  start?: () => Promise<void> | void;
  /** Called in reverse order of the list on shutdown. */
  stop?: () => Promise<void> | void;
}

/** Stops capabilities in reverse order, each even when an earlier one failed; the first error is rethrown. */
export async function stopAll(caps: readonly Capability[]): Promise<void> {
  let first: unknown;
  for (const c of [...caps].reverse()) {
    try {
      await c.stop?.();
    } catch (err) {
      first ??= err;
    }
  }
  if (first) throw first;
}

/** Every capability's metrics, in list order. */
export async function gatherMetrics(caps: readonly Capability[]): Promise<Metric[]> {
  const all = await Promise.all(caps.map(async (c) => (await c.metrics?.()) ?? []));
  return all.flat();
}
