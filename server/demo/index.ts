import { randomUUID } from "node:crypto";
import {
  DemoServiceNames,
  type DemoControl,
  type DemoServiceName,
  type DemoServiceView,
  type DemoState,
  type FailingService,
} from "../contract";
import { createKafka, type KafkaConnection } from "../kafka/client";
import { paymentTimedOut } from "./behaviour";
import { openDemoDatabase } from "./db";
import { Topics, newTraceId, orderTraceId } from "./events";
import { newOrder } from "./orders";
import { startRelay, type OutboxEntry } from "./outbox";
import { ReturnTopics } from "./returns/messages";
import { newReturnId, returnRequested, type ReturnableOrder } from "./returns/requests";
import { returnHeaders } from "./returns/wire";
import { defaultRetry, type RetryPolicy } from "./retry";
import { sharesFromTotal, type Shares } from "./rules";
import { DemoService, rowsOf, writeChanges } from "./services";

export interface DemoOptions {
  /** Brokers and their SASL/TLS settings (none for a local broker). */
  connection: KafkaConnection;
  /** The demo's own database (its outbox, processed ids and service state): `url` (DEMO_DATABASE_URL) or `demo.db` in `dataDir`; never the dashboard's. */
  database: { url?: string; dataDir: string };
  /** Orders per second (env DEMO_RATE, default 5). */
  ordersPerSecond?: number;
  /** Share of orders whose saga fails and is compensated, spread over payment, stock and shipping (env DEMO_FAILURE_SHARE, default 0.15). */
  failureShare?: number;
  /** Share of orders that are malformed and end in orders.DLT (env DEMO_POISON_SHARE, default 0.02). */
  poisonShare?: number;
  /** Share of processing attempts that fail transiently and are retried (env DEMO_TRANSIENT_SHARE, default 0.03). */
  transientShare?: number;
  /** How long the order service waits for a payment answer before it cancels the order (default 6 s; it cancels 2 s after that, before the saga view would call the order stuck at 10 s). */
  paymentTimeoutMs?: number;
  /** Share of completed orders that are returned (orchestrated return saga; env DEMO_RETURN_SHARE, default 0.2). */
  returnShare?: number;
  /** How long after a poison-burst order its customer's profile is registered (default 15 s). */
  registrationDelayMs?: number;
  retry?: RetryPolicy;
  /** Prefix for topics and group ids; tests use a random one. */
  topicPrefix?: string;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

export interface Demo extends DemoControl {
  stop(): Promise<void>;
}

const envNumber = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && process.env[name] !== "" && Number.isFinite(v) ? v : fallback;
};

/** A new customer's first order waits this long for payment (their profile is registered meanwhile). */
const NEW_CUSTOMER_TIMEOUT_MS = 10 * 60_000;
/** The order service cancels this long after the deadline it gave the payment service, so an answer sent just in time is not raced. */
const DEADLINE_GRACE_MS = 2000;

/**
 * Runs the demo system: the order saga's services in choreography, each a
 * consumer group of its own writing through a transactional outbox, an
 * outbox relay, an order generator, and the scenario levers.
 */
export async function startDemo(opts: DemoOptions): Promise<Demo> {
  const prefix = opts.topicPrefix ?? "";
  const log = opts.log ?? (() => undefined);
  const topic = (base: string) => `${prefix}${base}`;
  const rng = Math.random;
  const lever = {
    rate: opts.ordersPerSecond ?? envNumber("DEMO_RATE", 5),
    shares: sharesFromTotal(opts.failureShare ?? envNumber("DEMO_FAILURE_SHARE", 0.15)) as Shares,
    poison: opts.poisonShare ?? envNumber("DEMO_POISON_SHARE", 0.02),
    transient: opts.transientShare ?? envNumber("DEMO_TRANSIENT_SHARE", 0.03),
    duplicatesPending: 0,
  };
  const paymentTimeoutMs = opts.paymentTimeoutMs ?? envNumber("DEMO_PAYMENT_TIMEOUT_MS", 6000);
  const registrationDelayMs = opts.registrationDelayMs ?? 15_000;
  const returnShare = opts.returnShare ?? envNumber("DEMO_RETURN_SHARE", 0.2);
  const counts = {
    ordersStarted: 0,
    completed: 0,
    compensated: 0,
    poisonSent: 0,
    duplicatesInjected: 0,
    returnsStarted: 0,
    returnsCompleted: 0,
    returnsRejected: 0,
  };
  /** Recent orders' payloads, for the returns of completed ones (bounded). */
  const recentOrders = new Map<string, ReturnableOrder>();
  const startedAt = new Date();

  const database = await openDemoDatabase({ url: opts.database.url, dataDir: opts.database.dataDir, log });
  const db = database.db;
  // The shop's rows are throwaway: WAL without an fsync per commit halves a transaction's cost (8 → 4 ms here),
  // and every delivery is one. Still safe against a crash of this process; not against power loss.
  if (database.provider === "sqlite") await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  const kafka = createKafka(opts.connection, { clientId: "sagascope-demo", retry: { retries: 8 } });
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const wanted = [
    ...Object.values(Topics),
    ...Object.values(ReturnTopics),
    `${ReturnTopics.commands}.DLT`,
    `${ReturnTopics.replies}.DLT`,
    `${ReturnTopics.returns}.DLT`,
  ]
    .map(topic)
    .filter((t) => !existing.has(t));
  if (wanted.length)
    await admin.createTopics({ topics: wanted.map((t) => ({ topic: t, numPartitions: 3 })), waitForLeaders: true });
  await admin.disconnect();

  const producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();

  const services = new Map<DemoServiceName, DemoService>();
  const relay = startRelay({
    db,
    producer,
    log,
    onSent: (service, n) => {
      const s = services.get(service as DemoServiceName);
      if (s) s.stats.outboxSent += n;
    },
    duplicate: () => {
      if (lever.duplicatesPending <= 0) return false;
      lever.duplicatesPending--;
      counts.duplicatesInjected++;
      return true;
    },
  });
  const ctx = {
    kafka,
    db,
    producer,
    topic,
    groupPrefix: prefix,
    shares: () => lever.shares,
    transientShare: () => lever.transient,
    retry: opts.retry ?? defaultRetry,
    rng,
    log,
    onCommitted: (_service: DemoServiceName, rows: readonly OutboxEntry[]) => {
      for (const r of rows) {
        const type = r.headers["event-type"];
        if (type === "OrderCompleted") {
          counts.completed++;
          if (rng() < returnShare)
            void requestReturn(r.key).catch((err: unknown) => log("demo return not requested", { err: String(err) }));
        }
        if (type === "OrderCancelled") counts.compensated++;
        if (type === "ReturnCompleted") counts.returnsCompleted++;
        if (type === "ReturnRejected") counts.returnsRejected++;
      }
      if (rows.length) relay.wake();
    },
  };
  for (const name of DemoServiceNames) services.set(name, new DemoService(name, ctx));
  await Promise.all([...services.values()].map((s) => s.start()));

  /** The order service takes an order: its state and OrderCreated in one transaction. */
  async function createOrder(kind: "normal" | "new-customer"): Promise<void> {
    const now = new Date();
    const o = newOrder(rng, now, {
      poison: kind === "normal" && rng() < lever.poison,
      newCustomer: kind === "new-customer",
      paymentTimeoutMs,
      newCustomerTimeoutMs: NEW_CUSTOMER_TIMEOUT_MS,
    });
    const emits: Array<{
      type: "OrderCreated" | "CustomerRegistered";
      payload: Record<string, unknown>;
      availableAt?: Date;
    }> = [{ type: "OrderCreated", payload: o.payload }];
    // A new customer's profile reaches the payment service later than their first order.
    if (kind === "new-customer")
      emits.push({
        type: "CustomerRegistered",
        payload: { customerId: o.payload.customerId, registeredAt: now.toISOString() },
        availableAt: new Date(now.getTime() + registrationDelayMs),
      });
    const entities = [
      { id: o.orderId, state: "awaiting-payment", dueAt: new Date(o.payBy.getTime() + DEADLINE_GRACE_MS) },
    ];
    const rows = rowsOf("order-service", o.orderId, orderTraceId(o.orderId), { entities, emits }, topic, (t) =>
      t === "OrderCreated" ? o.value : undefined,
    );
    await db.$transaction((tx) => writeChanges(tx, "order-service", entities, rows));
    counts.ordersStarted++;
    recentOrders.set(o.orderId, o.payload as unknown as ReturnableOrder);
    if (recentOrders.size > 5000) recentOrders.delete(recentOrders.keys().next().value!);
    relay.wake();
  }

  /** The customer sends some of a completed order back: the order service asks the return coordinator (saga start). */
  async function requestReturn(orderId: string): Promise<void> {
    const order = recentOrders.get(orderId);
    if (!order) return;
    recentOrders.delete(orderId);
    const m = returnRequested(newReturnId(rng), newTraceId(), order, rng);
    const row: OutboxEntry = {
      service: "order-service",
      topic: topic(ReturnTopics.returns),
      key: m.returnId,
      value: Buffer.from(JSON.stringify(m.payload)),
      headers: returnHeaders(m, "order-service", topic(ReturnTopics.replies)),
      availableAt: new Date(Date.now() + 2000),
    };
    await db.$transaction((tx) =>
      writeChanges(tx, "order-service", [{ id: orderId, state: "return-requested" }], [row]),
    );
    counts.returnsStarted++;
  }

  let creating = false;
  let orderTimer: NodeJS.Timeout | null = null;
  const setOrderRate = (rate: number) => {
    if (orderTimer) clearInterval(orderTimer);
    orderTimer = null;
    lever.rate = rate;
    if (rate <= 0) return;
    // Up to 20 ticks a second; above that several orders per tick.
    const perTick = Math.max(1, Math.round(rate / 20));
    orderTimer = setInterval(
      () => {
        if (creating) return; // the database or broker is slow: skip ticks instead of piling up
        creating = true;
        (async () => {
          for (let i = 0; i < perTick; i++) await createOrder("normal");
        })()
          .catch((err: unknown) => log("demo order not created; will keep trying", { err: String(err) }))
          .finally(() => (creating = false));
      },
      (1000 * perTick) / rate,
    );
  };
  setOrderRate(lever.rate);

  // The order service's payment deadline: unanswered orders are cancelled.
  let sweeping = false;
  const sweep = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    (async () => {
      const now = new Date();
      const overdue = await db.demoEntity.findMany({
        where: { service: "order-service", state: "awaiting-payment", dueAt: { lt: now } },
        take: 200,
      });
      for (const o of overdue) {
        const d = paymentTimedOut(o.id, now);
        const rows = rowsOf("order-service", o.id, orderTraceId(o.id), d, topic);
        const done = await db.$transaction(async (tx) => {
          const cur = await tx.demoEntity.findUnique({ where: { service_id: { service: "order-service", id: o.id } } });
          if (cur?.state !== "awaiting-payment") return false;
          await writeChanges(tx, "order-service", d.entities, rows);
          return true;
        });
        if (done) ctx.onCommitted("order-service", rows);
      }
    })()
      .catch((err: unknown) => log("payment deadline sweep failed; next one in 1 s", { err: String(err) }))
      .finally(() => (sweeping = false));
  }, 1000);

  // Sent outbox rows and old processed ids are not needed for long.
  const prune = setInterval(() => {
    const now = Date.now();
    void Promise.all([
      db.demoOutbox.deleteMany({ where: { sentAt: { lt: new Date(now - 5 * 60_000) } } }),
      db.demoProcessed.deleteMany({ where: { processedAt: { lt: new Date(now - 60 * 60_000) } } }),
      db.demoEntity.deleteMany({ where: { updatedAt: { lt: new Date(now - 60 * 60_000) }, dueAt: null } }),
    ]).catch((err: unknown) => log("demo prune failed", { err: String(err) }));
  }, 60_000);

  async function state(): Promise<DemoState> {
    const backlog = await relay.backlog();
    const views: DemoServiceView[] = [...services.values()].map((s) => ({
      service: s.service,
      group: s.group,
      up: s.up,
      ...s.stats,
      outboxBacklog: backlog.get(s.service) ?? 0,
      failureShare: s.service in lever.shares ? lever.shares[s.service as FailingService] : null,
    }));
    return {
      startedAt: startedAt.toISOString(),
      ordersPerSecond: lever.rate,
      returnShare,
      orders: { started: counts.ordersStarted, completed: counts.completed, compensated: counts.compensated },
      returns: { started: counts.returnsStarted, completed: counts.returnsCompleted, rejected: counts.returnsRejected },
      poisonSent: counts.poisonSent,
      duplicates: { pending: lever.duplicatesPending, injected: counts.duplicatesInjected },
      services: views,
    };
  }

  log("demo started", { rate: lever.rate, shares: lever.shares, poison: lever.poison, prefix, run: randomUUID() });

  return {
    state,
    async setRate(b) {
      setOrderRate(b.ordersPerSecond);
      log("demo lever: order rate", b);
      return state();
    },
    async setFailureShare(b) {
      lever.shares = { ...lever.shares, [b.service]: b.share };
      log("demo lever: failure share", b);
      return state();
    },
    async setOutage(b) {
      const s = services.get(b.service);
      if (!s) throw new Error(`${b.service} is not running in this demo`);
      if (b.down) await s.stop();
      else await s.start();
      log(b.down ? "demo lever: service down" : "demo lever: service back", { service: b.service });
      return state();
    },
    async sendPoison(b) {
      for (let i = 0; i < b.count; i++) await createOrder("new-customer");
      counts.poisonSent += b.count;
      log("demo lever: poison burst", b);
      return state();
    },
    async injectDuplicates(b) {
      lever.duplicatesPending += b.count;
      log("demo lever: duplicates", b);
      return state();
    },
    async stop() {
      if (orderTimer) clearInterval(orderTimer);
      clearInterval(sweep);
      clearInterval(prune);
      for (const s of services.values()) await s.stop();
      await relay.stop();
      await producer.disconnect().catch(() => undefined);
      await database.close();
    },
  };
}
