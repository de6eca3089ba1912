import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { BrokerToolError, ensureKafkaJars } from "./jars";
import { jvmStopper } from "./jvm-process";
import { randomClusterId, renderProperties, scramFormatArgs, type SaslUser, type SecureListeners } from "./properties";

export { ensureKafkaJars } from "./jars";

export interface LocalBroker {
  /** Bootstrap address, e.g. "127.0.0.1:9092". */
  brokers: string;
  /** False when KAFKA_BROKERS was set and nothing was started. */
  started: boolean;
  /** PID of the broker JVM (undefined when nothing was started). */
  pid?: number;
  /** With `security`: the bootstrap address of each secure listener. */
  secure?: { sasl: string; ssl?: string; saslSsl?: string };
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Default: KAFKA_PORT, else a free port. */
  port?: number;
  /** Default: a fresh temp dir, removed on stop. A given dir is kept and reused. */
  dataDir?: string;
  /** Progress lines; default stderr. */
  log?: (line: string) => void;
  /**
   * Also listen with SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 for `users`)
   * and, with `tls` (PEM files: key + certificate chain, trusted CAs), with
   * SSL and SASL_SSL, each on a free port. Such a broker is always started,
   * whatever KAFKA_BROKERS and KAFKA_PORT say.
   */
  security?: { users: SaslUser[]; tls?: { keystoreFile: string; truststoreFile: string } };
}

const here = import.meta.dirname;

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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A broker left behind by a crashed run of the same data dir is killed before we start. */
function killStale(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8"));
  if (pid > 0 && alive(pid)) {
    const cmd = spawnSync("ps", ["-o", "args=", "-p", String(pid)], { encoding: "utf8" }).stdout;
    if (cmd.includes("kafka.Kafka")) process.kill(pid, "SIGKILL");
  }
  rmSync(pidFile, { force: true });
}

async function waitUntilServing(brokers: string, jvm: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const kafka = new Kafka({
    clientId: "sagascope-broker-probe",
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (jvm.exitCode !== null || jvm.signalCode !== null) {
      const tail = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-3000) : "";
      throw new BrokerToolError(
        "BROKER_FAILED",
        `Kafka broker exited during start (code ${jvm.exitCode ?? jvm.signalCode}). Log tail:\n${tail}`,
      );
    }
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length > 0 && cluster.controller !== null) return;
    } catch {
      /* not yet */
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new BrokerToolError(
    "BROKER_FAILED",
    `Kafka broker did not answer metadata requests within ${timeoutMs / 1000} s; see ${logFile}`,
  );
}

/**
 * Starts a single-node KRaft broker on the machine's Java, or returns
 * KAFKA_BROKERS untouched when set. The JVM is started under
 * `setpriv --pdeathsig KILL`, so it dies with this process even when this
 * process is SIGKILLed and no handler runs.
 */
export async function startLocalBroker(opts: StartOptions = {}): Promise<LocalBroker> {
  if (process.env.KAFKA_BROKERS && !opts.security)
    return { brokers: process.env.KAFKA_BROKERS, started: false, stop: async () => undefined };
  const log = opts.log ?? ((l: string) => console.error(l));
  const libs = await ensureKafkaJars(log);
  const t0 = Date.now();
  const temp = !opts.dataDir;
  const dir = opts.dataDir ? path.resolve(opts.dataDir) : mkdtempSync(path.join(os.tmpdir(), "sagascope-kafka-"));
  mkdirSync(dir, { recursive: true });
  const pidFile = path.join(dir, "broker.pid");
  killStale(pidFile);

  const port =
    opts.port ?? (process.env.KAFKA_PORT && !opts.security ? Number(process.env.KAFKA_PORT) : await freePort());
  const controllerPort = await freePort();
  let security: SecureListeners | undefined;
  if (opts.security) {
    const tls = opts.security.tls;
    security = {
      saslPort: await freePort(),
      users: opts.security.users,
      ...(tls ? { tls: { ...tls, sslPort: await freePort(), saslSslPort: await freePort() } } : {}),
    };
  }
  const logDir = path.join(dir, "kraft-logs");
  const propsFile = path.join(dir, "server.properties");
  writeFileSync(propsFile, renderProperties({ port, controllerPort, logDir, security }));
  const logFile = path.join(dir, "broker.log");
  const cp = `${libs}/*`;
  const log4j = `-Dlog4j2.configurationFile=${path.join(here, "log4j2.xml")}`;

  if (!existsSync(path.join(logDir, "meta.properties"))) {
    const fmt = spawnSync(
      "java",
      [
        "-cp",
        cp,
        log4j,
        "kafka.tools.StorageTool",
        "format",
        `--cluster-id=${randomClusterId(() => randomBytes(16))}`,
        "-c",
        propsFile,
        "--standalone",
        ...scramFormatArgs(security?.users ?? []),
      ],
      { encoding: "utf8" },
    );
    if (fmt.status !== 0)
      throw new BrokerToolError("BROKER_FAILED", `Formatting KRaft storage failed:\n${fmt.stderr}${fmt.stdout}`);
  }

  const out = createWriteStream(logFile, { flags: "a" });
  const jvm = spawn(
    "setpriv",
    [
      "--pdeathsig",
      "KILL",
      "java",
      "-Xms128m",
      "-Xmx768m",
      "-XX:+UseG1GC",
      "-Djava.awt.headless=true",
      log4j,
      "-cp",
      cp,
      "kafka.Kafka",
      propsFile,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  jvm.stdout!.pipe(out);
  jvm.stderr!.pipe(out);
  writeFileSync(pidFile, String(jvm.pid));
  const brokers = `127.0.0.1:${port}`;

  const stop = jvmStopper(jvm, 15_000, () => {
    out.end();
    rmSync(pidFile, { force: true });
    if (temp) rmSync(dir, { recursive: true, force: true });
  });

  try {
    await waitUntilServing(brokers, jvm, logFile, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  const at = (p: number) => `127.0.0.1:${p}`;
  const secure = security && {
    sasl: at(security.saslPort),
    ...(security.tls ? { ssl: at(security.tls.sslPort), saslSsl: at(security.tls.saslSslPort) } : {}),
  };
  log(
    `Kafka ${brokers} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (pid ${jvm.pid}, data ${dir}${secure ? `, secure listeners ${JSON.stringify(secure)}` : ""})`,
  );
  return { brokers, started: true, pid: jvm.pid, stop, ...(secure ? { secure } : {}) };
}
