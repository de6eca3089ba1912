import { randomBytes } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import { kcat, readToEnd } from "../test/support/kafka";

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
export const kcatProduce = (args: string[], input: string): Promise<void> =>
  kcat(["-b", brokers(), "-P", ...args], input).then(() => undefined);

/** Runs kcat with any flags (a consumer, say) and resolves with its stdout when it exits. */
export const kcatRun = (args: string[], timeoutMs = 30_000): Promise<string> =>
  kcat(["-b", brokers(), ...args], undefined, { timeoutMs });

/** Every record of a partition below its end offset now (test/support/kafka.ts). */
export const readBack = (topic: string, partition: number) => readToEnd(brokers(), topic, partition);
