/**
 * `npx tsx tools/schema-registry/cli.ts build` — build the local Schema Registry only (CI).
 * `npx tsx tools/schema-registry/cli.ts start [--port N]` — run one until Ctrl-C.
 */
import { ensureRegistryBuilt, startLocalRegistry } from "./registry";

async function main(): Promise<void> {
  const cmd = process.argv[2];
  if (cmd === "build") {
    console.error(`Schema Registry built in ${await ensureRegistryBuilt()}`);
    return;
  }
  if (cmd !== "start") {
    console.error("usage: cli.ts build | start [--port N]");
    process.exit(2);
  }
  const i = process.argv.indexOf("--port");
  const registry = await startLocalRegistry({ port: i >= 0 ? Number(process.argv[i + 1]) : undefined });
  console.log(`SCHEMA_REGISTRY_URL=${registry.url}`);
  const stop = () => void registry.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  const e = err as { message?: string; code?: string };
  console.error(`${e.code ? `[${e.code}] ` : ""}${e.message ?? String(err)}`);
  process.exit(1);
});
