import { randomUUID } from "node:crypto";
import type { Consumer } from "kafkajs";
import { createKafka, type KafkaConnection } from "../kafka/client";
import { Services, Topics, eventHeaders, newTraceId } from "./events";
import { newOrderId, orderPayload, poisonValue } from "./orders";
import { startService } from "./services";

export interface DemoOptions {
  /** Brokers and their SASL/TLS settings (none for a local broker). */
  connection: KafkaConnection;
  /** Orders per second (env DEMO_RATE, default 5). */
  ordersPerSecond?: number;
  /** Share of orders whose saga fails and is compensated (env DEMO_FAILURE_SHARE, default 0.15). */
  failureShare?: number;
  /** Share of orders that are poison and end in orders.DLT (env DEMO_POISON_SHARE, default 0.02). */
  poisonShare?: number;
  /** Prefix for topics and group ids; tests use a random one. */
  topicPrefix?: string;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

export interface DemoStats {
  ordersStarted: number;
  completed: number;
  compensated: number;
  deadLettered: number;
}

export interface DemoTraffic {
  stop(): Promise<void>;
  stats(): DemoStats;
}

const envNumber = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(v) ? v : fallback;
};

/**
 * Runs the demo's order saga: four services in choreography, each a consumer
 * group of its own, fed by an order generator on a steady timer.
 */
export async function startDemoTraffic(opts: DemoOptions): Promise<DemoTraffic> {
  const rate = opts.ordersPerSecond ?? envNumber("DEMO_RATE", 5);
  const failure = opts.failureShare ?? envNumber("DEMO_FAILURE_SHARE", 0.15);
  const poison = opts.poisonShare ?? envNumber("DEMO_POISON_SHARE", 0.02);
  const prefix = opts.topicPrefix ?? "";
  const log = opts.log ?? (() => undefined);
  const topic = (base: string) => `${prefix}${base}`;
  const stats: DemoStats = { ordersStarted: 0, completed: 0, compensated: 0, deadLettered: 0 };

  const kafka = createKafka(opts.connection, { clientId: "sagascope-demo", retry: { retries: 8 } });
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const wanted = Object.values(Topics).map(topic).filter((t) => !existing.has(t));
  if (wanted.length) await admin.createTopics({ topics: wanted.map((t) => ({ topic: t, numPartitions: 3 })), waitForLeaders: true });
  await admin.disconnect();

  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const consumers: Consumer[] = [];
  for (const service of Services) {
    consumers.push(
      await startService(service, {
        kafka,
        producer,
        topic,
        groupPrefix: prefix,
        shares: () => ({ failure }),
        rng: Math.random,
        onEvent: (t) => {
          if (t === "OrderCompleted") stats.completed++;
          if (t === "OrderCancelled") stats.compensated++;
        },
        onDeadLetter: () => stats.deadLettered++,
        log,
      }),
    );
  }

  const createOrder = async () => {
    const orderId = newOrderId(Math.random);
    const now = new Date();
    const isPoison = Math.random() < poison;
    const payload = orderPayload(orderId, Math.random, now);
    const value = isPoison ? poisonValue(orderId, Math.random, now) : JSON.stringify(payload);
    const headers = eventHeaders({ type: "OrderCreated", sagaId: orderId, traceId: newTraceId(), payload }, "order-service", randomUUID());
    await producer.send({ topic: topic(Topics.orders), messages: [{ key: orderId, value, headers }] });
    stats.ordersStarted++;
  };
  let sending = false;
  const timer = setInterval(() => {
    if (sending) return; // the broker is slow or away: skip ticks instead of piling up sends
    sending = true;
    createOrder()
      .catch((err: unknown) => log("demo order not sent; will keep trying", { err: String(err) }))
      .finally(() => (sending = false));
  }, 1000 / Math.max(rate, 0.1));
  log("demo traffic started", { rate, failure, poison, prefix });

  return {
    stats: () => ({ ...stats }),
    async stop() {
      clearInterval(timer);
      for (const c of consumers) await c.disconnect().catch(() => undefined);
      await producer.disconnect().catch(() => undefined);
    },
  };
}
