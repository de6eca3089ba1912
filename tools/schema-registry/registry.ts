import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { requireJava } from "../kafka-broker/jars";
import { jvmStopper } from "../kafka-broker/jvm-process";

/**
 * A Confluent-compatible Schema Registry on this machine's Java, for tests
 * and local trials: Apicurio Registry with in-memory storage (see pom.xml for
 * why this version). Built once into ~/.cache/sagascope/, then started in
 * about 10 s on a free loopback port.
 */
export class RegistryToolError extends Error {
  constructor(
    readonly code: "MAVEN_MISSING" | "BUILD_FAILED" | "REGISTRY_FAILED",
    message: string,
  ) {
    super(message);
  }
}

const here = import.meta.dirname;
const sources = ["pom.xml", "settings.xml", "src"];

function apicurioVersion(): string {
  const m = readFileSync(path.join(here, "pom.xml"), "utf8").match(/<apicurio\.version>([^<]+)</);
  if (!m?.[1]) throw new Error("pom.xml has no <apicurio.version>");
  return m[1];
}

/** Hash of the build inputs: an edited pom or stand-in class means a new build, never a stale one. */
function sourceHash(): string {
  const h = createHash("sha256");
  const walk = (rel: string) => {
    const full = path.join(here, rel);
    if (statSync(full).isDirectory()) for (const e of readdirSync(full).sort()) walk(path.join(rel, e));
    else h.update(rel).update(readFileSync(full));
  };
  sources.forEach(walk);
  return h.digest("hex").slice(0, 10);
}

export function registryCacheDir(env: Record<string, string | undefined> = process.env): string {
  const base =
    env.SAGASCOPE_CACHE_DIR ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "sagascope");
  return path.join(base, `schema-registry-${apicurioVersion()}-${sourceHash()}`);
}

function runnerJar(dir: string): string {
  return path.join(dir, "target", "schema-registry-1-runner.jar");
}

/**
 * Builds the registry once (about 2 minutes and 130 MB of jars from Maven
 * Central on a first run). The build runs in a temporary folder that is
 * renamed into place when complete, so an interrupted build is redone.
 */
export async function ensureRegistryBuilt(log: (line: string) => void = (l) => console.error(l)): Promise<string> {
  requireJava();
  const dir = registryCacheDir();
  if (existsSync(runnerJar(dir))) return dir;
  const mvnCheck = spawn("mvn", ["-v"], { stdio: "ignore" });
  const hasMaven = await new Promise<boolean>((r) => {
    mvnCheck.on("error", () => r(false));
    mvnCheck.on("exit", (code) => r(code === 0));
  });
  if (!hasMaven)
    throw new RegistryToolError(
      "MAVEN_MISSING",
      "The local Schema Registry is built with Maven from Maven Central, but `mvn` was not found (Debian/Ubuntu: apt-get install -y maven). Or point Sagascope at a registry: SCHEMA_REGISTRY_URL=http://host:8081",
    );
  mkdirSync(path.dirname(dir), { recursive: true });
  const work = mkdtempSync(`${dir}.building-`);
  for (const s of sources) cpSync(path.join(here, s), path.join(work, s), { recursive: true });
  log(
    `Building the local Schema Registry (Apicurio ${apicurioVersion()}) into ${dir} (first run only, about 2 minutes)…`,
  );
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const mvn = spawn("mvn", ["-B", "-s", "settings.xml", "-DskipTests", "package"], {
      cwd: work,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let tail = "";
    let downloaded = 0;
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split("\n"))
        if (/Downloaded from/.test(line) && ++downloaded % 50 === 1) log(`  …${downloaded} files downloaded`);
    };
    mvn.stdout.on("data", onData);
    mvn.stderr.on("data", onData);
    mvn.on("error", (e) => reject(new RegistryToolError("BUILD_FAILED", `mvn failed to start: ${e.message}`)));
    mvn.on("exit", (code) =>
      code === 0
        ? resolve()
        : reject(
            new RegistryToolError(
              "BUILD_FAILED",
              `mvn exited with ${code} while building the Schema Registry:\n${tail}`,
            ),
          ),
    );
  }).catch((e: unknown) => {
    rmSync(work, { recursive: true, force: true });
    throw e;
  });
  if (existsSync(runnerJar(dir)))
    rmSync(work, { recursive: true, force: true }); // another process finished first
  else {
    rmSync(dir, { recursive: true, force: true });
    renameSync(work, dir);
  }
  log(`Schema Registry built (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return dir;
}

export interface LocalRegistry {
  /** Base URL of the Confluent-compatible API, e.g. http://127.0.0.1:41234/apis/ccompat/v7 */
  url: string;
  port: number;
  pid?: number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(url: string, jvm: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (jvm.exitCode !== null || jvm.signalCode !== null) {
      const tail = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-3000) : "";
      throw new RegistryToolError(
        "REGISTRY_FAILED",
        `Schema Registry exited during start (code ${jvm.exitCode ?? jvm.signalCode}). Log tail:\n${tail}`,
      );
    }
    try {
      const res = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new RegistryToolError(
    "REGISTRY_FAILED",
    `Schema Registry did not answer within ${timeoutMs / 1000} s; see ${logFile}`,
  );
}

/**
 * Starts the registry (building it first if needed) on a free loopback port.
 * Like the broker, the JVM runs under `setpriv --pdeathsig KILL` so it dies
 * with this process. Storage is in memory: every start is empty.
 */
export async function startLocalRegistry(
  opts: { port?: number; log?: (line: string) => void } = {},
): Promise<LocalRegistry> {
  const log = opts.log ?? ((l: string) => console.error(l));
  const dir = await ensureRegistryBuilt(log);
  const t0 = Date.now();
  const port = opts.port ?? (await freePort());
  const logDir = mkdtempSync(path.join(os.tmpdir(), "sagascope-registry-"));
  const logFile = path.join(logDir, "registry.log");
  const out = createWriteStream(logFile);
  const jvm = spawn(
    "setpriv",
    [
      "--pdeathsig",
      "KILL",
      "java",
      "-Xms64m",
      "-Xmx384m",
      "-XX:+UseSerialGC",
      `-Dquarkus.http.port=${port}`,
      "-Dquarkus.http.host=127.0.0.1",
      "-jar",
      runnerJar(dir),
    ],
    { stdio: ["ignore", "pipe", "pipe"], cwd: logDir },
  );
  jvm.stdout!.pipe(out);
  jvm.stderr!.pipe(out);
  const url = `http://127.0.0.1:${port}/apis/ccompat/v7`;
  const stop = jvmStopper(jvm, 10_000, () => {
    out.end();
    rmSync(logDir, { recursive: true, force: true });
  });
  try {
    await waitUntilServing(url, jvm, logFile, 90_000);
  } catch (err) {
    await stop();
    throw err;
  }
  log(`Schema Registry ${url} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (pid ${jvm.pid})`);
  return { url, port, pid: jvm.pid, stop };
}
