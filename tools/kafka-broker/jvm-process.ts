import type { ChildProcess } from "node:child_process";

/**
 * The stop of a JVM this process started (the broker, the Schema Registry):
 * killed if this process exits first; `stop()` sends SIGTERM, waits up to
 * `graceMs` before SIGKILL, then runs `cleanup` — once, however often called.
 */
export function jvmStopper(jvm: ChildProcess, graceMs: number, cleanup: () => void): () => Promise<void> {
  const killNow = () => {
    if (jvm.exitCode === null && jvm.signalCode === null) jvm.kill("SIGKILL");
  };
  process.once("exit", killNow);
  let stopping: Promise<void> | null = null;
  return () =>
    (stopping ??= (async () => {
      process.removeListener("exit", killNow);
      if (jvm.exitCode === null && jvm.signalCode === null) {
        const exited = new Promise<void>((r) => jvm.once("exit", () => r()));
        jvm.kill("SIGTERM");
        const timer = setTimeout(killNow, graceMs);
        await exited;
        clearTimeout(timer);
      }
      cleanup();
    })());
}
