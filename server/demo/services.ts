import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from "kafkajs";
import type { Db } from "../store";
import { behaviour, ProcessingError, type Decision, type Incoming } from "./behaviour";
import { eventHeaders, isEventType, newTraceId, topicOf, traceIdOf, type EventType, type Service } from "./events";
import type { Rng } from "./orders";
import { writeOutbox, type OutboxEntry } from "./outbox";
import { backoffDelay, type RetryPolicy } from "./retry";
import { consumedBy, type Shares } from "./rules";
import { listenerStacktrace, springDltHeaders } from "./spring-dlt";

export interface ServiceStats {
  processed: number;
  duplicatesSkipped: number;
  retries: number;
  deadLettered: number;
  outboxSent: number;
}
export const emptyStats = (): ServiceStats => ({ processed: 0, duplicatesSkipped: 0, retries: 0, deadLettered: 0, outboxSent: 0 });

export interface ServiceContext {
  kafka: Kafka;
  db: Db;
  /** Publishes dead letters directly, as Spring's recoverer does (not through the outbox). */
  producer: Producer;
  topic: (base: string) => string;
  groupPrefix: string;
  shares: () => Shares;
  /** Share of processing attempts that hit a transient failure (retried). */
  transientShare: () => number;
  retry: RetryPolicy;
  rng: Rng;
  /** Called after a transaction that wrote outbox rows committed. */
  onCommitted: (service: Service, decision: Decision) => void;
  log: (msg: string, fields?: Record<string, unknown>) => void;
}

const headerText = (h: IHeaders | undefined, name: string) => {
  const v = h?.[name];
  const one = Array.isArray(v) ? v[v.length - 1] : v;
  return one === undefined ? undefined : one.toString();
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const txOptions = { maxWait: 15_000, timeout: 15_000 };

/** Writes a decision: entity states and outbox rows, inside the caller's transaction. */
export async function writeDecision(tx: Pick<Db, "demoEntity" | "demoOutbox">, service: Service, sagaId: string, traceId: string, d: Decision, topic: (base: string) => string, rawValue?: (type: EventType) => string | undefined): Promise<void> {
  for (const e of d.entities) {
    const dueAt = e.dueAt === undefined ? {} : { dueAt: e.dueAt };
    await tx.demoEntity.upsert({ where: { service_id: { service, id: e.id } }, create: { service, id: e.id, state: e.state, ...dueAt }, update: { state: e.state, ...dueAt } });
  }
  const rows: OutboxEntry[] = d.emits.map((emit) => {
    const key = emit.type === "CustomerRegistered" ? String(emit.payload.customerId) : sagaId;
    return {
      service,
      topic: topic(topicOf[emit.type]),
      key,
      value: Buffer.from(rawValue?.(emit.type) ?? JSON.stringify(emit.payload)),
      headers: eventHeaders({ type: emit.type, sagaId: key, traceId, payload: emit.payload }, service),
      compressed: emit.compress ?? false,
      ...(emit.availableAt ? { availableAt: emit.availableAt } : {}),
    };
  });
  await writeOutbox(tx, rows);
}

/**
 * One demo microservice: its own consumer group; each event it handles is
 * processed once (its id is remembered in the same transaction as the state
 * change and the outbox rows), retried with backoff on failure, and
 * dead-lettered with Spring's headers when the retries run out.
 */
export class DemoService {
  readonly group: string;
  readonly stats = emptyStats();
  private consumer: Consumer | null = null;
  private readonly wanted: Set<EventType>;
  private readonly topics: string[];

  constructor(
    readonly service: Service,
    private readonly ctx: ServiceContext,
  ) {
    this.group = `${ctx.groupPrefix}demo-${service}`;
    this.wanted = new Set(consumedBy(service));
    this.topics = [...new Set([...this.wanted].map((e) => ctx.topic(topicOf[e])))];
  }

  get up(): boolean {
    return this.consumer !== null;
  }

  async start(): Promise<void> {
    if (this.consumer) return;
    const consumer = this.ctx.kafka.consumer({ groupId: this.group, allowAutoTopicCreation: false, maxWaitTimeInMs: 100, sessionTimeout: 30_000 });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (e) => this.ctx.log("demo service crashed; kafkajs restarts it", { service: this.service, error: String(e.payload.error), restart: e.payload.restart }));
    await consumer.connect();
    // Fresh groups read from the beginning so nothing produced while they join is missed;
    // existing groups resume from their committed offsets (after an outage: the backlog).
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachMessage: async ({ topic, partition, message, heartbeat }) => {
        const type = headerText(message.headers, "event-type");
        if (!isEventType(type) || !this.wanted.has(type)) return;
        await this.deliver(type, topic, partition, message, heartbeat);
      },
    });
  }

  /** Stops the consumer (an outage): its group's lag grows until `start` again. */
  async stop(): Promise<void> {
    const c = this.consumer;
    this.consumer = null;
    await c?.disconnect().catch(() => undefined);
  }

  private async deliver(type: EventType, topic: string, partition: number, m: KafkaMessage, heartbeat: () => Promise<void>): Promise<void> {
    const eventId = headerText(m.headers, "event-id") ?? `${topic}/${partition}/${m.offset}`;
    const sagaId = headerText(m.headers, "saga-id") ?? m.key?.toString() ?? "unknown";
    const traceId = traceIdOf(headerText(m.headers, "traceparent")) ?? newTraceId();
    const incoming: Incoming = { type, sagaId, value: m.value, topic, offset: m.offset };
    await sleep(10 + this.ctx.rng() * 120); // "work"
    for (let attempt = 1; ; attempt++) {
      try {
        if (this.ctx.rng() < this.ctx.transientShare()) {
          throw new ProcessingError("java.sql.SQLTransientConnectionException", "HikariPool-1 - Connection is not available, request timed out after 30000ms.", true);
        }
        const outcome = await this.applyOnce(eventId, sagaId, traceId, incoming);
        if (outcome === "duplicate") this.stats.duplicatesSkipped++;
        else this.stats.processed++;
        return;
      } catch (err) {
        // Anything else (the database away, a bug) is thrown to kafkajs, which retries the batch.
        if (!(err instanceof ProcessingError)) throw err;
        if (!err.retriable || attempt >= this.ctx.retry.attempts) {
          await this.deadLetter(topic, partition, m, err, attempt);
          return;
        }
        this.stats.retries++;
        await sleep(backoffDelay(attempt, this.ctx.retry, this.ctx.rng));
        await heartbeat();
      }
    }
  }

  private async applyOnce(eventId: string, sagaId: string, traceId: string, incoming: Incoming): Promise<"processed" | "duplicate"> {
    const { db, rng, topic } = this.ctx;
    const service = this.service;
    let decided: Decision | null = null;
    const outcome = await db.$transaction(async (tx) => {
      if (await tx.demoProcessed.findUnique({ where: { service_eventId: { service, eventId } } })) return "duplicate" as const;
      const read = async (id: string) => (await tx.demoEntity.findUnique({ where: { service_id: { service, id } } }))?.state ?? null;
      const d = await behaviour[service](incoming, { rng, shares: this.ctx.shares(), now: new Date(), read });
      // The primary key makes a concurrent second delivery fail here rather than act twice.
      await tx.demoProcessed.create({ data: { service, eventId } });
      await writeDecision(tx, service, sagaId, traceId, d, topic);
      decided = d;
      return "processed" as const;
    }, txOptions);
    if (decided) this.ctx.onCommitted(service, decided);
    return outcome;
  }

  /** Publishes the failed record, bytes untouched, to `<topic>.DLT` (Spring's default naming) with Spring's headers after the original ones. */
  private async deadLetter(topic: string, partition: number, m: KafkaMessage, err: ProcessingError, attempts: number): Promise<void> {
    const listener = `on${headerText(m.headers, "event-type") ?? "Event"}`;
    const headers: IHeaders = {
      ...(m.headers ?? {}),
      ...springDltHeaders({
        topic,
        partition,
        offset: m.offset,
        timestamp: m.timestamp,
        consumerGroup: this.group,
        exceptionFqcn: "org.springframework.kafka.listener.ListenerExecutionFailedException",
        causeFqcn: err.causeFqcn,
        message: `Listener method '${listener}' threw exception; nested exception is ${err.causeFqcn}: ${err.message}`,
        stacktrace: listenerStacktrace(err.causeFqcn, err.message, listener),
      }),
    };
    await this.ctx.producer.send({ topic: `${topic}.DLT`, messages: [{ key: m.key, value: m.value, headers }] });
    this.stats.deadLettered++;
    this.ctx.log("dead-lettered a record", { service: this.service, topic, partition, offset: m.offset, attempts, cause: err.causeFqcn });
  }
}
