import { execFile, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SocketEvents, type ServerStatus, type ServerToClientEvents, type WireRecord } from "../../server/contract";
import { startSagascope, type Sagascope } from "../../server/app";
import { createLogger } from "../../server/log";
import { ensureKafkaJars, startLocalBroker, type LocalBroker } from "../../tools/kafka-broker/broker";
import { makeTestPki, type TestPki } from "../../tools/kafka-broker/test-pki";
import { kcat, suffix, testConfig, testKafka, waitFor } from "./helpers";

/**
 * Sagascope against a broker of its own with SASL_PLAINTEXT (PLAIN,
 * SCRAM-SHA-256, SCRAM-SHA-512), SSL with a required client certificate and
 * SASL_SSL, configured only through the KAFKA_SASL_* / KAFKA_SSL* variables.
 * Records come from clients nobody here wrote: kcat (librdkafka) and Apache
 * Kafka's own Java client. One broker for every case, started even when
 * KAFKA_BROKERS names another cluster (which would not have these users); it
 * is removed at the end.
 * The password is a canary: no log line (debug level, kafkajs' lines
 * included), API answer or socket message may contain it.
 */

const password = `pw-${randomBytes(8).toString("hex")}`;
const wrongPassword = `wrong-${randomBytes(8).toString("hex")}`;
const user = "sagascope-it";

let broker: LocalBroker;
let pki: TestPki;
let pkiDir: string;
let libs: string;
const logLines: string[] = [];
const running: Array<{ app: Sagascope; socket: Socket<ServerToClientEvents> }> = [];

interface Running {
  app: Sagascope;
  records: Map<string, WireRecord>;
  status: () => ServerStatus | undefined;
  socketText: string[];
}

/** A real server with these variables, logging at debug level into `logLines`. */
async function startApp(name: string, brokers: string, env: Record<string, string>): Promise<Running> {
  const log = createLogger("debug", { app: name }, (line) => logLines.push(line));
  const app = await startSagascope(testConfig(brokers, { KAFKA_START_FROM: "earliest", ...env }), log, { ui: false });
  const socket: Socket<ServerToClientEvents> = io(app.url, { transports: ["websocket"] });
  running.push({ app, socket });
  const records = new Map<string, WireRecord>();
  const socketText: string[] = [];
  let status: ServerStatus | undefined;
  socket.on(SocketEvents.recordsBatch, (b) => {
    for (const r of b.records) records.set(r.key.text ?? "", r);
  });
  socket.on(SocketEvents.status, (s) => {
    status = s;
    socketText.push(JSON.stringify(s));
  });
  return { app, records, status: () => status, socketText };
}

/** Runs Apache Kafka's Java producer (test/integration/clients/SaslProduce.java) on the broker's jars. */
function javaProduce(bootstrap: string, topic: string, mechanisms: string[]): Promise<string> {
  const program = path.join(import.meta.dirname, "clients", "SaslProduce.java");
  return new Promise((resolve, reject) => {
    execFile(
      "java",
      ["-cp", `${libs}/*`, program, bootstrap, user, topic, ...mechanisms],
      { env: { ...process.env, SASL_PASSWORD: password }, timeout: 90_000 },
      (err, stdout, stderr) => {
        if (err)
          reject(new Error(`Java producer failed (needs a JDK for single-file programs): ${stderr || err.message}`));
        else resolve(stdout);
      },
    );
  });
}

/**
 * librdkafka before 2.6.1 answers a SCRAM challenge with a nonce Kafka 4.x
 * rejects (confluentinc/librdkafka#4895); Debian 12's kcat has 2.0.2. kcat
 * then produces with PLAIN only, and the Java client covers SCRAM.
 */
function kcatDoesScram(): boolean {
  const m = spawnSync("kcat", ["-V"], { encoding: "utf8" }).stdout.match(/librdkafka (\d+)\.(\d+)\.(\d+)/);
  if (!m) return false;
  const [major, minor, patch] = m.slice(1).map(Number) as [number, number, number];
  return major * 1e6 + minor * 1e3 + patch >= 2_006_001;
}

const sasl = (mechanism: string, pw = password) => ({
  KAFKA_SASL_MECHANISM: mechanism,
  KAFKA_SASL_USERNAME: user,
  KAFKA_SASL_PASSWORD: pw,
});
const kcatSasl = (mechanism: string) => [
  "-X",
  `sasl.mechanisms=${mechanism}`,
  "-X",
  `sasl.username=${user}`,
  "-X",
  `sasl.password=${password}`,
];

async function apiText(app: Sagascope): Promise<string> {
  const parts = await Promise.all(
    ["/api/status", "/api/health", "/metrics", "/readyz", "/api/topics"].map((p) =>
      fetch(`${app.url}${p}`).then((r) => r.text()),
    ),
  );
  return parts.join("\n");
}

beforeAll(async () => {
  pkiDir = mkdtempSync(path.join(os.tmpdir(), "sagascope-pki-"));
  pki = makeTestPki(pkiDir);
  libs = await ensureKafkaJars(() => undefined);
  const t0 = Date.now();
  broker = await startLocalBroker({
    log: () => undefined,
    security: {
      users: [{ name: user, password }],
      tls: { keystoreFile: pki.brokerKeystoreFile, truststoreFile: pki.caFile },
    },
  });
  console.info(`SASL/TLS broker ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(broker.secure)}`);
}, 180_000);

afterAll(async () => {
  for (const r of running) {
    r.socket.close();
    await r.app.close().catch(() => undefined);
  }
  await broker?.stop();
  if (pkiDir) rmSync(pkiDir, { recursive: true, force: true });
});

describe("Kafka SASL and TLS through KAFKA_SASL_* and KAFKA_SSL*", () => {
  it("ingests over SASL PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, mutual TLS and SASL_SSL what kcat and the Java client produce", async () => {
    const topic = `it-secure-${suffix()}`;
    const admin = testKafka(broker.brokers).admin(); // set-up over the broker's PLAINTEXT listener
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();

    const tls = { KAFKA_SSL: "1", KAFKA_SSL_CA_FILE: pki.caFile };
    const apps = await Promise.all([
      startApp("plain", broker.secure!.sasl, sasl("plain")),
      startApp("scram-sha-256", broker.secure!.sasl, sasl("scram-sha-256")),
      startApp("scram-sha-512", broker.secure!.sasl, sasl("SCRAM-SHA-512")),
      startApp("mtls", broker.secure!.ssl!, {
        ...tls,
        KAFKA_SSL_CERT_FILE: pki.clientCertFile,
        KAFKA_SSL_KEY_FILE: pki.clientKeyFile,
      }),
      startApp("sasl-ssl", broker.secure!.saslSsl!, { ...tls, ...sasl("scram-sha-256") }),
    ]);
    for (const a of apps)
      await waitFor(
        `${a.app.url} connected to ${topic}`,
        () => a.status()?.kafka.state === "connected" && a.status()!.kafka.topics.includes(topic),
      );

    const expected = [
      "kcat-PLAIN",
      "kcat-SSL",
      "kcat-SASL_SSL",
      "java-PLAIN",
      "java-SCRAM-SHA-256",
      "java-SCRAM-SHA-512",
    ];
    await kcat(
      [
        "-b",
        broker.secure!.sasl,
        "-X",
        "security.protocol=SASL_PLAINTEXT",
        ...kcatSasl("PLAIN"),
        "-P",
        "-t",
        topic,
        "-K",
        ":",
      ],
      "kcat-PLAIN:via SASL PLAIN\n",
    );
    await kcat(
      [
        "-b",
        broker.secure!.ssl!,
        "-X",
        "security.protocol=SSL",
        "-X",
        `ssl.ca.location=${pki.caFile}`,
        "-X",
        `ssl.certificate.location=${pki.clientCertFile}`,
        "-X",
        `ssl.key.location=${pki.clientKeyFile}`,
        "-P",
        "-t",
        topic,
        "-K",
        ":",
      ],
      "kcat-SSL:via mutual TLS\n",
    );
    await kcat(
      [
        "-b",
        broker.secure!.saslSsl!,
        "-X",
        "security.protocol=SASL_SSL",
        "-X",
        `ssl.ca.location=${pki.caFile}`,
        ...kcatSasl("PLAIN"),
        "-P",
        "-t",
        topic,
        "-K",
        ":",
      ],
      "kcat-SASL_SSL:via SASL_SSL\n",
    );
    if (kcatDoesScram()) {
      for (const m of ["SCRAM-SHA-256", "SCRAM-SHA-512"]) {
        await kcat(
          [
            "-b",
            broker.secure!.sasl,
            "-X",
            "security.protocol=SASL_PLAINTEXT",
            ...kcatSasl(m),
            "-P",
            "-t",
            topic,
            "-K",
            ":",
          ],
          `kcat-${m}:via ${m}\n`,
        );
        expected.push(`kcat-${m}`);
      }
    }
    expect(await javaProduce(broker.secure!.sasl, topic, ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])).toContain(
      "produced SCRAM-SHA-512",
    );

    for (const a of apps) {
      await waitFor(`${a.app.url} ingested ${expected.length} records`, () => expected.every((k) => a.records.has(k)));
      expect(a.records.get("java-SCRAM-SHA-512")!.value.text).toContain('"mechanism":"SCRAM-SHA-512"');
    }
    // Records read on demand go through the same client (a throwaway consumer over SCRAM).
    const page = await fetch(`${apps[1]!.app.url}/api/records?topic=${topic}&partition=0&offset=0&limit=20`).then(
      (r) => r.json() as Promise<{ records: WireRecord[] }>,
    );
    expect(page.records.map((r) => r.key.text)).toEqual(expect.arrayContaining(expected));

    const startLine = logLines.find((l) => l.includes('"msg":"sagascope listening"') && l.includes('"app":"sasl-ssl"'));
    expect(JSON.parse(startLine!).kafkaSecurity).toEqual({
      protocol: "SASL_SSL",
      mechanism: "scram-sha-256",
      username: user,
      verifyCertificates: true,
    });
    for (const a of apps) {
      const text = (await apiText(a.app)) + a.socketText.join("\n");
      expect(text).not.toContain(password);
    }
  }, 150_000);

  it("says which mechanism and user were refused on a wrong password, without the password", async () => {
    const apps = await Promise.all([
      startApp("wrong-plain", broker.secure!.sasl, sasl("plain", wrongPassword)),
      startApp("wrong-scram", broker.secure!.sasl, sasl("scram-sha-512", wrongPassword)),
    ]);
    for (const [a, mechanism] of [
      [apps[0]!, "PLAIN"],
      [apps[1]!, "SCRAM-SHA-512"],
    ] as const) {
      // Between retries the state is "disconnected"; while retrying, "connecting" with the last error.
      const status = await waitFor("authentication failure", () =>
        a.status()?.kafka.state === "disconnected" && a.status()?.kafka.error ? a.status() : undefined,
      );
      expect(status!.kafka.error!.code).toBe("KAFKA_AUTH_FAILED");
      expect(status!.kafka.error!.message).toContain(`SASL ${mechanism} authentication as "${user}" failed`);
      const text = (await apiText(a.app)) + a.socketText.join("\n");
      expect(text).toContain("KAFKA_AUTH_FAILED");
      expect(text).not.toContain(wrongPassword);
      expect((await fetch(`${a.app.url}/readyz`)).status).toBe(503);
    }
  });

  it("refuses a broker certificate signed by another CA, clearly", async () => {
    const a = await startApp("wrong-ca", broker.secure!.ssl!, {
      KAFKA_SSL: "1",
      KAFKA_SSL_CA_FILE: pki.otherCaFile,
      KAFKA_SSL_CERT_FILE: pki.clientCertFile,
      KAFKA_SSL_KEY_FILE: pki.clientKeyFile,
    });
    const status = await waitFor("TLS failure", () => (a.status()?.kafka.error ? a.status() : undefined));
    expect(status!.kafka.error!.code).toBe("KAFKA_TLS_FAILED");
    expect(status!.kafka.error!.message).toMatch(
      /TLS handshake failed \(\w+\): the broker's certificate is not signed by KAFKA_SSL_CA_FILE/,
    );
  });

  it("never logged a password, not even at debug level with kafkajs' own lines", () => {
    expect(logLines.some((l) => l.includes('"component":"kafkajs"'))).toBe(true);
    for (const line of logLines) {
      expect(line).not.toContain(password);
      expect(line).not.toContain(wrongPassword);
    }
  });
});
