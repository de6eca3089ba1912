import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";

/** Set by global-setup: the broker the e2e server consumes from. */
export const brokers = () => {
  const b = process.env.KAFKA_BROKERS;
  if (!b) throw new Error("KAFKA_BROKERS not set: e2e/global-setup.ts did not run");
  return b;
};

export const uniqueTopic = (name: string) => `e2e-${name}-${randomBytes(3).toString("hex")}`;

/**
 * Creates a topic and waits for its leaders. A broker that is busy electing
 * (just started, or loaded) answers "does not host this topic-partition" for
 * a moment: that is retriable, so retry a few times before failing.
 */
export async function createTopic(topic: string, partitions = 1): Promise<void> {
  const admin = new Kafka({ clientId: "e2e", brokers: brokers().split(","), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
        return;
      } catch (err) {
        if (attempt >= 5 || !(err as { retriable?: boolean }).retriable) throw err;
        await new Promise((r) => setTimeout(r, 300 * attempt));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/** Produces with kcat, the third-party client real systems use: `kcat -P` with the given flags and stdin. */
export function kcatProduce(args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile("kcat", ["-b", brokers(), "-P", ...args], (err, _out, stderr) => (err ? reject(new Error(`kcat failed: ${stderr}`)) : resolve()));
    child.stdin?.end(input);
  });
}

/** Runs kcat with any flags (a consumer, say) and resolves with its stdout when it exits. */
export function kcatRun(args: string[], timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("kcat", ["-b", brokers(), ...args], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, out, stderr) => (err ? reject(new Error(`kcat ${args.join(" ")} failed: ${stderr}`)) : resolve(out)));
  });
}
