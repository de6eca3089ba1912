import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseJavaMajor } from "./properties";

const here = import.meta.dirname;
const pom = path.join(here, "pom.xml");

export class BrokerToolError extends Error {
  constructor(
    readonly code: "JAVA_MISSING" | "MAVEN_MISSING" | "FETCH_FAILED" | "BROKER_FAILED",
    message: string,
  ) {
    super(message);
  }
}

const instead = "Or point Sagascope at an existing cluster instead: KAFKA_BROKERS=host:9092 npm run demo";

/** The Kafka version pinned in pom.xml. */
export function kafkaVersion(): string {
  const m = readFileSync(pom, "utf8").match(/<kafka\.version>([^<]+)</);
  if (!m?.[1]) throw new Error("pom.xml has no <kafka.version>");
  return m[1];
}

export function cacheDir(env: Record<string, string | undefined> = process.env): string {
  const base =
    env.SAGASCOPE_CACHE_DIR ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "sagascope");
  return path.join(base, `kafka-${kafkaVersion()}`);
}

export function requireJava(): void {
  const r = spawnSync("java", ["-version"], { encoding: "utf8" });
  const major = r.error ? null : parseJavaMajor(`${r.stderr}${r.stdout}`);
  if (major === null || major < 17) {
    const found = major === null ? "no Java was found" : `Java ${major} was found`;
    throw new BrokerToolError(
      "JAVA_MISSING",
      `The local Kafka broker needs Java 17 or newer, but ${found}. Install it (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless). ${instead}`,
    );
  }
}

function requireMaven(): void {
  const r = spawnSync("mvn", ["-v"], { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new BrokerToolError(
      "MAVEN_MISSING",
      `The local Kafka broker is fetched from Maven Central with Maven, but \`mvn\` was not found. Install it (Debian/Ubuntu: apt-get install -y maven). ${instead}`,
    );
  }
}

/**
 * Copies the broker's jars from Maven Central into the cache once. A marker
 * file is written only after a complete copy, so an interrupted download is
 * redone rather than half-used.
 */
export async function ensureKafkaJars(log: (line: string) => void = (l) => console.error(l)): Promise<string> {
  requireJava();
  const dir = cacheDir();
  const libs = path.join(dir, "libs");
  const marker = path.join(dir, "complete");
  if (existsSync(marker)) return libs;
  requireMaven();
  rmSync(libs, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`Fetching Apache Kafka ${kafkaVersion()} from Maven Central into ${dir} (first run only)…`);
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const mvn = spawn("mvn", ["-B", "-f", pom, "dependency:copy-dependencies", `-DoutputDirectory=${libs}`], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let downloaded = 0;
    let tail = "";
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split("\n")) {
        if (!/Downloaded from/.test(line)) continue;
        downloaded += 1;
        if (downloaded % 10 === 1)
          log(`  …${downloaded} files downloaded (${line.match(/([^/\s]+\.(?:jar|pom))/)?.[1] ?? "…"})`);
      }
    };
    mvn.stdout.on("data", onData);
    mvn.stderr.on("data", onData);
    mvn.on("error", (e) => reject(new BrokerToolError("FETCH_FAILED", `mvn failed to start: ${e.message}`)));
    mvn.on("exit", (code) =>
      code === 0
        ? resolve()
        : reject(new BrokerToolError("FETCH_FAILED", `mvn exited with ${code} while fetching Kafka:\n${tail}`)),
    );
  });
  writeFileSync(marker, new Date().toISOString());
  log(`Kafka jars ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return libs;
}
