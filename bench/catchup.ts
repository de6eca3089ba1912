/**
 * Saga catch-up against a real broker: 1M events (200k sagas × 5 steps over
 * four topics) produced, then a saga runtime replays them from the lookback
 * window. Target from the sagas issue: ≤ 30 s for 1M events. Reported as the
 * catch-up time and its ratio to the time a bare consumer takes to read the
 * same records (the baseline).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Message } from "kafkajs";
import { connectionFromEnv, createKafka } from "../server/kafka/client";
import { createLogger } from "../server/log";
import { parseDefinition } from "../server/sagas/definition";
import { createSagaRuntime } from "../server/sagas/runtime";
import { startLocalBroker } from "../tools/kafka-broker/broker";

export async function catchUpBench(
  events = 1_000_000,
): Promise<{ seconds: number; baselineSeconds: number; produced: number }> {
  const broker = await startLocalBroker({ log: () => undefined });
  try {
    const kafka = createKafka(connectionFromEnv(broker.brokers.split(","), broker.started), {
      clientId: "bench",
      retry: {},
    });
    const file = path.join(import.meta.dirname, "../sagas/order.json");
    const parsed = parseDefinition(file, readFileSync(file, "utf8"));
    if (!parsed.ok) throw new Error("sagas/order.json is broken");
    const suffix = Date.now().toString(36);
    const def = { ...parsed.definition, topics: parsed.definition.topics.map((t) => `${t}-${suffix}`) };
    const [orders, payments, inventory, shipping] = def.topics as [string, string, string, string];
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: def.topics.map((topic) => ({ topic, numPartitions: 3 })),
      waitForLeaders: true,
    });
    await admin.disconnect();

    const steps: Array<[string, string]> = [
      [orders, "OrderCreated"],
      [payments, "PaymentAuthorized"],
      [inventory, "InventoryReserved"],
      [shipping, "ShipmentScheduled"],
      [orders, "OrderCompleted"],
    ];
    const sagas = Math.floor(events / steps.length);
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const t0 = Date.now();
    for (let start = 0; start < sagas; start += 10_000) {
      const byTopic = new Map<string, Message[]>();
      for (let i = start; i < Math.min(start + 10_000, sagas); i++) {
        const id = `o-${i}`;
        steps.forEach(([topic, type], k) => {
          const list = byTopic.get(topic) ?? [];
          list.push({
            key: id,
            value: `{"orderId":"${id}","step":${k}}`,
            timestamp: String(t0 + i + k * 1000),
            headers: { "saga-id": id, "event-type": type, "event-id": `${id}-${k}` },
          });
          byTopic.set(topic, list);
        });
      }
      await producer.sendBatch({
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        acks: 1,
      });
    }
    await producer.disconnect();
    const produced = sagas * steps.length;

    // Baseline: a bare consumer reading the same records from the beginning.
    const b0 = Date.now();
    const consumer = kafka.consumer({ groupId: `bench-bare-${suffix}`, maxBytes: 50 * 1024 * 1024 });
    await consumer.connect();
    await consumer.subscribe({ topics: def.topics, fromBeginning: true });
    let read = 0;
    let done: () => void = () => undefined;
    const all = new Promise<void>((r) => (done = r));
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => void ((read += batch.messages.length) >= produced && done()),
    });
    await all;
    const baselineSeconds = (Date.now() - b0) / 1000;
    await consumer.disconnect();

    const c0 = Date.now();
    const runtime = createSagaRuntime({
      kafka,
      log: createLogger("error"),
      definitions: [def],
      broken: [],
      limits: { maxLive: 250_000, retainFinished: 250_000 },
      lookbackHours: 24,
      replayBuffer: 2_000_000,
    });
    while (runtime.catchUp().state !== "live" && runtime.catchUp().state !== "failed")
      await new Promise((r) => setTimeout(r, 50));
    const seconds = (Date.now() - c0) / 1000;
    const summary = runtime.registry.summary(def.name)!;
    await runtime.stop();
    if (summary.finished.completed !== sagas)
      throw new Error(`catch-up built ${summary.finished.completed} completed sagas, expected ${sagas}`);
    return { seconds, baselineSeconds, produced };
  } finally {
    await broker.stop();
  }
}
