import { randomBytes } from "node:crypto";
import { Kafka, logLevel, type KafkaMessage } from "kafkajs";
import { noSecurity } from "../kafka/client";
import { afterAll, describe, expect, inject, it } from "vitest";
import { startDemoTraffic, type DemoTraffic } from "./index";

const brokers = inject("brokers");
const prefix = `it-demo-${randomBytes(3).toString("hex")}-`;
const kafka = new Kafka({ clientId: "demo-it", brokers: [brokers], logLevel: logLevel.NOTHING });
let demo: DemoTraffic | undefined;

afterAll(async () => demo?.stop());

async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Reads a topic from the beginning into an array that fills as records arrive. */
async function tail(topic: string): Promise<{ messages: Array<KafkaMessage & { partition: number }>; stop: () => Promise<void> }> {
  const messages: Array<KafkaMessage & { partition: number }> = [];
  const consumer = kafka.consumer({ groupId: `${prefix}reader-${topic}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ partition, message }) => void messages.push({ ...message, partition }) });
  return { messages, stop: () => consumer.disconnect() };
}

const header = (m: KafkaMessage, name: string) => m.headers?.[name] as Buffer | undefined;

describe("demo traffic against a real broker", () => {
  it("runs sagas to completion and compensation and dead-letters poison with Spring's headers", async () => {
    demo = await startDemoTraffic({ connection: { brokers: [brokers], security: noSecurity }, ordersPerSecond: 20, failureShare: 0.4, poisonShare: 0.2, topicPrefix: prefix });
    await waitFor("completed, compensated and dead-lettered sagas", () => {
      const s = demo!.stats();
      return s.completed >= 3 && s.compensated >= 3 && s.deadLettered >= 2;
    });

    const dlt = await tail(`${prefix}orders.DLT`);
    const orders = await tail(`${prefix}orders`);
    try {
      const dead = await waitFor("a dead letter", () => dlt.messages[0]);
      expect(header(dead, "kafka_dlt-original-topic")?.toString()).toBe(`${prefix}orders`);
      expect(header(dead, "kafka_dlt-original-partition")).toHaveLength(4);
      expect(header(dead, "kafka_dlt-original-offset")).toHaveLength(8);
      expect(header(dead, "kafka_dlt-exception-fqcn")?.toString()).toBe("org.springframework.kafka.listener.ListenerExecutionFailedException");
      expect(header(dead, "kafka_dlt-exception-stacktrace")?.toString()).toContain("Caused by:");
      expect(header(dead, "kafka_dlt-original-consumer-group")?.toString()).toBe(`${prefix}demo-payment-service`);

      // The coordinates point at the real original record, whose bytes the dead letter carries unchanged.
      const partition = header(dead, "kafka_dlt-original-partition")!.readInt32BE();
      const offset = header(dead, "kafka_dlt-original-offset")!.readBigInt64BE().toString();
      const original = await waitFor("the original record", () => orders.messages.find((m) => m.partition === partition && m.offset === offset));
      expect(original.value?.equals(dead.value!)).toBe(true);
      expect(original.key?.equals(dead.key!)).toBe(true);
      expect(header(dead, "kafka_dlt-original-timestamp")!.readBigInt64BE().toString()).toBe(original.timestamp);
      expect(header(dead, "traceparent")?.toString()).toBe(header(original, "traceparent")?.toString());

      // Every event of a saga shares its trace id.
      const created = orders.messages.find((m) => header(m, "event-type")?.toString() === "OrderCreated");
      expect(header(created!, "traceparent")?.toString()).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    } finally {
      await dlt.stop();
      await orders.stop();
    }
  });
});
