import { spawn } from "node:child_process";
import path from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { describe, expect, it } from "vitest";
import { startLocalBroker } from "./broker";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// These tests start brokers of their own, so KAFKA_BROKERS must not short-circuit them.
const env = { ...process.env };
delete env.KAFKA_BROKERS;

describe.skipIf(!!process.env.KAFKA_BROKERS)("local broker", () => {
  it("serves produce and consume, takes a 10 MB record, and stops its JVM", async () => {
    const broker = await startLocalBroker({ log: () => undefined });
    expect(broker.started).toBe(true);
    const kafka = new Kafka({ clientId: "broker-it", brokers: [broker.brokers], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: "broker-it" });
    try {
      await producer.connect();
      const big = Buffer.alloc(10 * 1024 * 1024, 0x61);
      await producer.send({
        topic: "broker-it",
        messages: [
          { key: "k", value: "hello" },
          { key: "big", value: big },
        ],
      });
      await consumer.connect();
      await consumer.subscribe({ topics: ["broker-it"], fromBeginning: true });
      const got: Array<{ key: string; size: number }> = [];
      await consumer.run({
        eachMessage: async ({ message }) =>
          void got.push({ key: String(message.key), size: message.value?.length ?? 0 }),
      });
      await waitFor("2 records", () => got.length === 2, 30_000);
      // Keyed records may land on different partitions: compare without order.
      expect(got.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
        { key: "big", size: big.length },
        { key: "k", size: 5 },
      ]);
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await broker.stop();
    }
    expect(alive(broker.pid!)).toBe(false);
  });

  it("leaves no JVM behind when its parent process is SIGKILLed", async () => {
    const script = `import { startLocalBroker } from ${JSON.stringify(path.join(import.meta.dirname, "broker.ts"))};
      const b = await startLocalBroker({ log: () => {} }); console.log("PID " + b.pid); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    await waitFor("child broker pid", () => /PID \d+/.test(out), 60_000);
    const jvmPid = Number(out.match(/PID (\d+)/)![1]);
    expect(alive(jvmPid)).toBe(true);
    child.kill("SIGKILL");
    await waitFor("orphan JVM to exit", () => !alive(jvmPid));
  });
});
