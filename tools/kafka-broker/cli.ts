/**
 * `npx tsx tools/kafka-broker/cli.ts fetch` — download the broker's jars only (CI).
 * `npx tsx tools/kafka-broker/cli.ts start [--port N] [--data-dir D]` — run a broker until Ctrl-C.
 * `… start --sasl NAME:PASSWORD [--tls]` — also a SASL_PLAINTEXT listener (PLAIN,
 * SCRAM-SHA-256/512 for that user) and, with --tls, SSL and SASL_SSL ones with
 * a throwaway CA; prints the variables that point Sagascope at each.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureKafkaJars, startLocalBroker } from "./broker";
import { makeTestPki } from "./test-pki";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const cmd = process.argv[2];
  if (cmd === "fetch") {
    console.error(`Kafka jars in ${await ensureKafkaJars()}`);
    return;
  }
  const sasl = arg("--sasl")?.match(/^([^:]+):(.+)$/);
  if (cmd !== "start" || (process.argv.includes("--sasl") && !sasl) || (process.argv.includes("--tls") && !sasl)) {
    console.error("usage: cli.ts fetch | start [--port N] [--data-dir DIR] [--sasl NAME:PASSWORD [--tls]]");
    process.exit(2);
  }
  const port = arg("--port");
  const pkiDir = sasl && process.argv.includes("--tls") ? mkdtempSync(path.join(os.tmpdir(), "sagascope-pki-")) : null;
  const pki = pkiDir ? makeTestPki(pkiDir) : null;
  const broker = await startLocalBroker({
    port: port ? Number(port) : undefined,
    dataDir: arg("--data-dir"),
    ...(sasl
      ? {
          security: {
            users: [{ name: sasl[1]!, password: sasl[2]! }],
            ...(pki ? { tls: { keystoreFile: pki.brokerKeystoreFile, truststoreFile: pki.caFile } } : {}),
          },
        }
      : {}),
  });
  console.log(`KAFKA_BROKERS=${broker.brokers}`);
  if (broker.secure && sasl) {
    const login = `KAFKA_SASL_MECHANISM=scram-sha-512 KAFKA_SASL_USERNAME=${sasl[1]} KAFKA_SASL_PASSWORD=…`;
    console.log(
      `# SASL_PLAINTEXT (plain, scram-sha-256, scram-sha-512):\nKAFKA_BROKERS=${broker.secure.sasl} ${login}`,
    );
    if (pki) {
      console.log(
        `# SSL with a client certificate:\nKAFKA_BROKERS=${broker.secure.ssl} KAFKA_SSL=1 KAFKA_SSL_CA_FILE=${pki.caFile} KAFKA_SSL_CERT_FILE=${pki.clientCertFile} KAFKA_SSL_KEY_FILE=${pki.clientKeyFile}`,
      );
      console.log(
        `# SASL_SSL:\nKAFKA_BROKERS=${broker.secure.saslSsl} KAFKA_SSL=1 KAFKA_SSL_CA_FILE=${pki.caFile} ${login}`,
      );
    }
  }
  const stop = () =>
    void broker.stop().then(() => {
      if (pkiDir) rmSync(pkiDir, { recursive: true, force: true });
      process.exit(0);
    });
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  const e = err as { message?: string; code?: string };
  console.error(`${e.code ? `[${e.code}] ` : ""}${e.message ?? String(err)}`);
  process.exit(1);
});
