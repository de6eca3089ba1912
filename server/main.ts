import { loadConfig } from "./config";
import { createLogger } from "./log";
import { startSagascope } from "./app";
import { redactSecrets } from "./security/secret";

/** Process entry: configuration from the environment, graceful stop on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, { service: "sagascope" });
  process.on("unhandledRejection", (err) => log.error("unhandled rejection", { err }));
  const app = await startSagascope(config, log);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error("shutdown failed", { err });
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  const e = err as { message?: string; code?: string };
  // Not through the logger (there may be none yet), so scrubbed here.
  process.stderr.write(
    redactSecrets(
      JSON.stringify({ level: "error", msg: "sagascope failed to start", code: e.code, error: e.message }),
    ) + "\n",
  );
  process.exit(1);
});
