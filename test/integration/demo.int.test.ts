import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { KafkaMessage } from "kafkajs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { noSecurity } from "../../server/kafka/client";
import { startDemo, type Demo } from "../../server/demo";
import { openDemoDatabase, type DemoDatabase } from "../../server/demo/db";
import { dropFreshDatabases, freshUrl } from "../../server/store/test-db";
import { suffix, testKafka, waitFor } from "./helpers";

const brokers = inject("brokers");
const kafka = testKafka(brokers);
const prefix = `it-demo-${suffix()}-`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "demo-it-"));
let demo: Demo;
let store: DemoDatabase;
let databaseUrl: string | undefined;

type Seen = KafkaMessage & { partition: number; topic: string };
/** Reads topics from the beginning into an array that fills as records arrive. */
async function tail(topics: string[]): Promise<{ messages: Seen[]; stop: () => Promise<void> }> {
  const messages: Seen[] = [];
  const consumer = kafka.consumer({ groupId: `${prefix}reader-${suffix()}` });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => void messages.push({ ...message, partition, topic }),
  });
  return { messages, stop: () => consumer.disconnect() };
}
const h = (m: KafkaMessage, name: string) => (m.headers?.[name] as Buffer | undefined)?.toString();
const hb = (m: KafkaMessage, name: string) => m.headers?.[name] as Buffer | undefined;

/** The group's lag on a topic: end offsets minus committed ones (a partition never committed counts from 0). */
async function lag(group: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [ends, [committed]] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId: group, topics: [topic] }),
    ]);
    return ends.reduce((sum, e) => {
      const c = committed!.partitions.find((p) => p.partition === e.partition)?.offset ?? "-1";
      return sum + Number(e.high) - Math.max(0, Number(c));
    }, 0);
  } finally {
    await admin.disconnect();
  }
}

beforeAll(async () => {
  databaseUrl = process.env.IT_DATABASE_URL ? await freshUrl("postgresql") : undefined;
  demo = await startDemo({
    connection: { brokers: [brokers], security: noSecurity },
    database: { url: databaseUrl, dataDir },
    ordersPerSecond: 8,
    failureShare: 0.4,
    poisonShare: 0.15,
    transientShare: 0.2,
    returnShare: 0.6,
    paymentTimeoutMs: 2500,
    registrationDelayMs: 4000,
    retry: { attempts: 4, baseMs: 20, capMs: 200 },
    topicPrefix: prefix,
    ...(process.env.DEMO_IT_LOG
      ? { log: (msg: string, fields?: Record<string, unknown>) => console.error(msg, JSON.stringify(fields ?? {})) }
      : {}),
  });
  store = await openDemoDatabase({ url: databaseUrl, dataDir });
}, 120_000);

afterAll(async () => {
  await demo?.stop();
  await store?.close();
  await dropFreshDatabases();
});

describe("the demo system against a real broker and database", () => {
  it("runs both sagas through the outbox, retries transient failures, dead-letters poison with Spring's headers", async () => {
    const s = await waitFor(
      "completed, compensated and returned sagas, retries and dead letters",
      async () => {
        const st = await demo.state();
        const by = (n: string) => st.services.find((v) => v.service === n)!;
        const ok =
          st.orders.completed >= 3 &&
          st.orders.compensated >= 3 &&
          st.returns.completed + st.returns.rejected >= 2 &&
          by("payment-service").deadLettered >= 2 &&
          st.services.some((v) => v.retries > 0);
        return ok && st;
      },
      60_000,
    );
    expect(s.services.map((v) => [v.service, v.group, v.up])).toEqual(
      [
        "order-service",
        "payment-service",
        "inventory-service",
        "shipping-service",
        "notification-service",
        "return-coordinator",
      ].map((n) => [n, `${prefix}demo-${n}`, true]),
    );
    // Every event went through an outbox row that the relay published.
    expect(s.services.reduce((n, v) => n + v.outboxSent, 0)).toBeGreaterThan(20);

    const seen = await tail([`${prefix}orders`, `${prefix}orders.DLT`, `${prefix}return-commands`, `${prefix}returns`]);
    try {
      const dead = await waitFor("a dead letter", () => seen.messages.find((m) => m.topic === `${prefix}orders.DLT`));
      expect(hb(dead, "kafka_dlt-original-topic")?.toString()).toBe(`${prefix}orders`);
      expect(hb(dead, "kafka_dlt-original-partition")).toHaveLength(4);
      expect(hb(dead, "kafka_dlt-original-offset")).toHaveLength(8);
      expect(h(dead, "kafka_dlt-exception-fqcn")).toBe(
        "org.springframework.kafka.listener.ListenerExecutionFailedException",
      );
      expect(h(dead, "kafka_dlt-exception-stacktrace")).toContain("Caused by:");
      expect(h(dead, "kafka_dlt-original-consumer-group")).toBe(`${prefix}demo-payment-service`);
      // The coordinates point at the original record, whose bytes the dead letter carries unchanged.
      const partition = hb(dead, "kafka_dlt-original-partition")!.readInt32BE();
      const offset = hb(dead, "kafka_dlt-original-offset")!.readBigInt64BE().toString();
      const original = await waitFor("the original record", () =>
        seen.messages.find((m) => m.topic === `${prefix}orders` && m.partition === partition && m.offset === offset),
      );
      expect(original.value?.equals(dead.value!)).toBe(true);
      expect(h(dead, "traceparent")).toBe(h(original, "traceparent"));

      // Every saga event carries a saga id and a traceparent; one order keeps one trace, even when the order service cancels it on a timer.
      const created = seen.messages.find((m) => h(m, "event-type") === "OrderCreated")!;
      const sagaId = h(created, "saga-id")!;
      await waitFor("the order's next event", () =>
        seen.messages.some((m) => h(m, "saga-id") === sagaId && h(m, "event-type") !== "OrderCreated"),
      );
      const traceOf = (m: KafkaMessage) => h(m, "traceparent")!.split("-")[1];
      for (const m of seen.messages.filter((x) => h(x, "saga-id") === sagaId))
        expect(traceOf(m)).toBe(traceOf(created));
      const timedOut = await waitFor("an order cancelled at its payment deadline (a poison order)", () =>
        seen.messages.find(
          (m) => h(m, "event-type") === "OrderCancelled" && m.value?.toString().includes("payment timeout"),
        ),
      );
      const itsCreation = seen.messages.find(
        (m) => h(m, "saga-id") === h(timedOut, "saga-id") && h(m, "event-type") === "OrderCreated",
      );
      if (itsCreation) expect(traceOf(timedOut)).toBe(traceOf(itsCreation));

      // The orchestrated saga: commands carry reply-to and a correlation id.
      const command = await waitFor("a return command", () =>
        seen.messages.find((m) => m.topic === `${prefix}return-commands`),
      );
      expect(h(command, "reply-to")).toBe(`${prefix}return-replies`);
      expect(h(command, "correlation-id")).toBe(h(command, "event-id"));
    } finally {
      await seen.stop();
    }
  }, 120_000);

  it("injected duplicate deliveries are skipped: no service acts twice on one event", async () => {
    const before = await demo.state();
    const skippedBefore = before.services.reduce((n, v) => n + v.duplicatesSkipped, 0);
    await demo.injectDuplicates({ count: 30 });
    const after = await waitFor(
      "duplicates delivered and skipped",
      async () => {
        const st = await demo.state();
        return (
          st.duplicates.injected >= 30 &&
          st.services.reduce((n, v) => n + v.duplicatesSkipped, 0) >= skippedBefore + 10 &&
          st
        );
      },
      60_000,
    );
    expect(after.duplicates.pending).toBe(0);
    // Each saga has at most one OrderCompleted event id and one OrderCancelled id: duplicates were skipped, not re-acted on.
    const seen = await tail([`${prefix}orders`]);
    try {
      await waitFor("the orders topic read", () => seen.messages.length > after.orders.started);
      const ids = new Map<string, Set<string>>();
      for (const m of seen.messages) {
        const type = h(m, "event-type");
        if (type !== "OrderCompleted" && type !== "OrderCancelled") continue;
        const key = `${h(m, "saga-id")}`;
        ids.set(key, (ids.get(key) ?? new Set()).add(h(m, "event-id")!));
      }
      expect(ids.size).toBeGreaterThan(3);
      for (const [, set] of ids) expect(set.size).toBe(1);
    } finally {
      await seen.stop();
    }
  }, 120_000);

  it("a payment outage grows the payment group's lag and times orders out; back up, it catches up", async () => {
    const group = `${prefix}demo-payment-service`;
    const down = await demo.setOutage({ service: "payment-service", down: true });
    expect(down.services.find((v) => v.service === "payment-service")!.up).toBe(false);
    const cancelledBefore = down.orders.compensated;
    await waitFor(
      "lag on orders for the stopped payment service",
      async () => (await lag(group, `${prefix}orders`)) >= 10,
      30_000,
    );
    await waitFor(
      "orders cancelled at their payment deadline",
      async () => (await demo.state()).orders.compensated >= cancelledBefore + 5,
      30_000,
    );
    const back = await demo.setOutage({ service: "payment-service", down: false });
    expect(back.services.find((v) => v.service === "payment-service")!.up).toBe(true);
    await demo.setRate({ ordersPerSecond: 0 });
    await waitFor("the backlog drained", async () => (await lag(group, `${prefix}orders`)) === 0, 60_000);
  }, 120_000);

  it("poison-burst orders dead-letter after retries, and a redrive once the customer is registered goes through", async () => {
    const before = (await demo.state()).services.find((v) => v.service === "payment-service")!;
    const st = await demo.sendPoison({ count: 3 });
    expect(st.poisonSent).toBe(3);
    const dlt = await tail([`${prefix}orders.DLT`]);
    try {
      // The burst's orders are the new customers' (their last attempt may also have hit a transient failure).
      const unknown = await waitFor("the three new-customer orders dead-lettered", () => {
        const u = dlt.messages.filter((m) => m.value?.toString().includes('"newCustomer":true'));
        return u.length >= 3 && u;
      });
      expect(
        unknown.some((m) => h(m, "kafka_dlt-exception-cause-fqcn") === "com.example.payments.UnknownCustomerException"),
      ).toBe(true);
      const after = (await demo.state()).services.find((v) => v.service === "payment-service")!;
      expect(after.retries - before.retries).toBeGreaterThanOrEqual(9); // 3 retries each before giving up
      // The outbox holds the delayed registrations until they are due, then every row is sent.
      await waitFor(
        "the outbox drained",
        async () => (await store.db.demoOutbox.count({ where: { sentAt: null } })) === 0,
        30_000,
      );
      // ... and the payment service has read the registrations (another topic than the orders: no order between them).
      await waitFor(
        "the registrations processed",
        async () =>
          (await store.db.demoEntity.count({
            where: { service: "payment-service", id: { startsWith: "customer:" }, state: "registered" },
          })) >= 3,
        30_000,
      );
      // Redrive (as the dashboard does: same bytes and headers back to the original topic).
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({
        topic: `${prefix}orders`,
        messages: unknown.slice(0, 3).map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      });
      await producer.disconnect();
      const ids = unknown.slice(0, 3).map((m) => h(m, "saga-id")!);
      const payments = await tail([`${prefix}payments`]);
      try {
        await waitFor(
          "the redriven orders paid or declined",
          () => ids.every((id) => payments.messages.some((m) => h(m, "saga-id") === id)),
          30_000,
        );
      } finally {
        await payments.stop();
      }
    } finally {
      await dlt.stop();
    }
  }, 120_000);
});
