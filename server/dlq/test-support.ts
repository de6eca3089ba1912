// Test support for the dead-letter cores: a repository on a fresh SQLite database and a publisher that records.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createLogger } from "../log";
import { openStore, type Store } from "../store";
import { freshUrl } from "../store/test-db";
import type { CapturedRecord } from "./repo";
import type { OutgoingRecord, Publisher, Published } from "./publisher";

export const quietLog = () => createLogger("error", { test: true });

/** A fresh SQLite store; the caller closes it (see `stores`). */
export async function freshStore(): Promise<Store> {
  return openStore({ databaseUrl: await freshUrl("sqlite"), dataDir: mkdtempSync(path.join(os.tmpdir(), "dlq-")) });
}

/**
 * A publisher that keeps what it was given. `beforePublish` runs at the moment
 * of sending (to look at the database then, to hold the send, or to throw
 * as a broker would).
 */
export function recordingPublisher(beforePublish?: (r: OutgoingRecord) => void | Promise<void>) {
  const published: OutgoingRecord[] = [];
  let closed = false;
  const publisher: Publisher & { published: OutgoingRecord[]; closed: () => boolean } = {
    published,
    closed: () => closed,
    async publish(r): Promise<Published> {
      await beforePublish?.(r);
      published.push(r);
      return { partition: 0, offset: String(published.length - 1) };
    },
    async close() {
      closed = true;
    },
  };
  return publisher;
}

/** A dead letter as Spring Kafka writes it, from `origin` (none: no original-topic header). */
export const deadLetter = (offset: number, origin: string | null = "orders", topic = "orders.DLT"): CapturedRecord => ({
  topic,
  partition: 0,
  offset: String(offset),
  timestamp: 1_764_000_000_000 + offset,
  key: Buffer.from(`o-${offset}`),
  value: Buffer.from(JSON.stringify({ orderId: `o-${offset}` })),
  headers: [
    { name: "saga-id", value: Buffer.from(`o-${offset}`) },
    ...(origin ? [{ name: "kafka_dlt-original-topic", value: Buffer.from(origin) }] : []),
    { name: "kafka_dlt-exception-fqcn", value: Buffer.from("java.lang.IllegalStateException") },
    { name: "kafka_dlt-exception-message", value: Buffer.from("amount must be positive") },
  ],
});

/** A gate a test opens: `wait` resolves once `open` is called. */
export function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let reached: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => (reached = resolve));
  return {
    /** Called by the code under test: marks the gate reached and waits for it to open. */
    wait: () => {
      reached();
      return opened;
    },
    /** Resolves when the code under test has reached the gate. */
    arrived,
    open: () => open(),
  };
}
