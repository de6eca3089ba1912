import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { loadConfig, type Config } from "../../server/config";
import { createLogger } from "../../server/log";

export const suffix = () => randomBytes(4).toString("hex");

export function testKafka(brokers: string): Kafka {
  return new Kafka({ clientId: `it-${suffix()}`, brokers: brokers.split(","), logLevel: logLevel.NOTHING });
}

/** Polls until `check` returns a value other than undefined/false, or fails with `what`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 25;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 250);
  }
}

/** A server config on a free port, its own group, data dir and fast topic refresh. */
export function testConfig(brokers: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    PORT: "0",
    KAFKA_BROKERS: brokers,
    KAFKA_GROUP_ID: `it-sagascope-${suffix()}`,
    TOPIC_REFRESH_MS: "500",
    PUSH_INTERVAL_MS: "50",
    STATS_FLUSH_MS: "200",
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "sagascope-it-")),
    LOG_LEVEL: "warn",
    // No saga definitions unless a test brings its own (SAGAS_DIR).
    SAGAS_DIR: path.join(os.tmpdir(), "sagascope-no-sagas"),
    NODE_ENV: "test",
    // Most tests check what is done with records once read: every topic of theirs is read, as
    // INGEST_TOPICS makes it (test/integration/reading.int.test.ts checks reading that follows
    // interest, with it empty).
    INGEST_TOPICS: "it-*",
    // Every app would sample the last records of every partition on the shared broker: only where a test asks.
    PROFILE_INTERVAL_MS: "0",
    // test-all.sh runs the suite a second time against PostgreSQL.
    ...(process.env.IT_DATABASE_URL ? { DATABASE_URL: process.env.IT_DATABASE_URL } : {}),
    ...env,
  });
}

export const quietLog = () => createLogger("error", { test: true });

// kcat and the read-back consumer are shared with the e2e specs.
export { kcat, readToEnd } from "../support/kafka";
