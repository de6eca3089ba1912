import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startLocalBroker } from "../tools/kafka-broker/broker";
import { startLocalRegistry } from "../tools/schema-registry/registry";
import { E2E_PORT } from "../playwright.config";

const root = path.resolve(import.meta.dirname, "..");

async function waitForReady(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`sagascope server exited with code ${server.exitCode}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`sagascope server not ready at ${url} after ${timeoutMs} ms`);
}

/**
 * Starts a real broker and the real server (production build) for every
 * spec; specs produce records with kcat against KAFKA_BROKERS.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    throw new Error("No production build: run `npx next build` first (npm test does).");
  }
  // The registry (e2e/schema-registry.spec.ts) starts alongside the broker: about 10 s, not added to it.
  const [broker, registry] = await Promise.all([startLocalBroker(), startLocalRegistry()]);
  const url = `http://127.0.0.1:${E2E_PORT}`;
  const server = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(E2E_PORT),
      HOST: "127.0.0.1",
      KAFKA_BROKERS: broker.brokers,
      SCHEMA_REGISTRY_URL: registry.url,
      KAFKA_GROUP_ID: `e2e-sagascope-${Date.now()}`,
      TOPIC_REFRESH_MS: "500",
      GROUP_SAMPLE_MS: "500",
      // e2e/topic-profile.spec.ts: profiles taken again every 10 s, not every five minutes (the scale
      // project's thousands of topics then keep the profiler busy, within its budget per interval).
      PROFILE_INTERVAL_MS: "10000",
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "sagascope-e2e-")),
      LOG_LEVEL: "warn",
      // e2e/trace-scan.spec.ts: topics named e2e-unread-* are not read, so only a scan finds what is on them.
      TOPICS_EXCLUDE: "e2e-unread-*",
      // The specs' own topics (e2e/kafka.ts uniqueTopic) are read whole, as INGEST_TOPICS makes it; the
      // thousands of e2e/topics-scale.spec.ts (scale-*) and e2e/choose-tail.spec.ts's are read only where watched.
      INGEST_TOPICS: "e2e-*",
      // e2e/masking.spec.ts: topics named e2e-masked-* are shown masked.
      MASKING_RULES: JSON.stringify([
        {
          topics: "e2e-masked-*",
          fields: ["value.card.number", "headers.authorization"],
          patterns: ["[\\w.+-]+@[\\w-]+\\.[\\w.]+"],
        },
      ]),
    },
  });
  process.env.KAFKA_BROKERS = broker.brokers;
  process.env.SCHEMA_REGISTRY_URL = registry.url;
  try {
    await waitForReady(url, server, 90_000);
  } catch (err) {
    server.kill("SIGKILL");
    await Promise.all([broker.stop(), registry.stop()]);
    throw err;
  }
  return async () => {
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (server.exitCode === null) server.kill("SIGKILL");
    await Promise.all([broker.stop(), registry.stop()]);
  };
}
