/**
 * `npx tsx tools/kafka-broker/cli.ts fetch` — download the broker's jars only (CI).
 * `npx tsx tools/kafka-broker/cli.ts start [--port N] [--data-dir D]` — run a broker until Ctrl-C.
 */
import { ensureKafkaJars, startLocalBroker } from "./broker";

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
  if (cmd !== "start") {
    console.error("usage: cli.ts fetch | start [--port N] [--data-dir DIR]");
    process.exit(2);
  }
  const port = arg("--port");
  const broker = await startLocalBroker({ port: port ? Number(port) : undefined, dataDir: arg("--data-dir") });
  console.log(`KAFKA_BROKERS=${broker.brokers}`);
  const stop = () => void broker.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  const e = err as { message?: string; code?: string };
  console.error(`${e.code ? `[${e.code}] ` : ""}${e.message ?? String(err)}`);
  process.exit(1);
});
