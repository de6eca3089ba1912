import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from "kafkajs";
import type { DemoServiceName } from "../contract";
import type { DemoDb } from "./db";
import { behaviour, ProcessingError, type Decision, type EntityWrite, type Incoming } from "./behaviour";
import {
  eventHeaders,
  isEventType,
  newTraceId,
  Services,
  topicOf,
  traceIdOf,
  type EventType,
  type Service,
} from "./events";
import { decide, type ReturnState } from "./returns/coordinator";
import {
  isCommand,
  isCommandKind,
  isReply,
  isReplyKind,
  isReturnRequested,
  Participants,
  recipientOf,
  ReturnTopics,
  topicOf as returnTopicOf,
  type Participant,
  type ReturnMessage,
  type ReturnSource,
} from "./returns/messages";
import { answer } from "./returns/participants";
import { readReturnMessage, returnHeaders } from "./returns/wire";
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
export const emptyStats = (): ServiceStats => ({
  processed: 0,
  duplicatesSkipped: 0,
  retries: 0,
  deadLettered: 0,
  outboxSent: 0,
});

export interface ServiceContext {
  kafka: Kafka;
  db: DemoDb;
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
  onCommitted: (service: DemoServiceName, rows: readonly OutboxEntry[]) => void;
  log: (msg: string, fields?: Record<string, unknown>) => void;
}

const headerText = (h: IHeaders | undefined, name: string) => {
  const v = h?.[name];
  const one = Array.isArray(v) ? v[v.length - 1] : v;
  return one === undefined ? undefined : one.toString();
};

const isService = (s: DemoServiceName): s is Service => (Services as readonly string[]).includes(s);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const txOptions = { maxWait: 15_000, timeout: 15_000 };

/** The outbox rows of an order-saga decision. */
export function rowsOf(
  service: Service,
  sagaId: string,
  traceId: string,
  d: Decision,
  topic: (base: string) => string,
  rawValue?: (type: EventType) => string | undefined,
): OutboxEntry[] {
  return d.emits.map((emit) => {
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
}

/** Writes a service's entity states and outbox rows, inside the caller's transaction. */
export async function writeChanges(
  tx: Pick<DemoDb, "demoEntity" | "demoOutbox">,
  service: DemoServiceName,
  entities: readonly EntityWrite[],
  rows: readonly OutboxEntry[],
): Promise<void> {
  for (const e of entities) {
    const dueAt = e.dueAt === undefined ? {} : { dueAt: e.dueAt };
    await tx.demoEntity.upsert({
      where: { service_id: { service, id: e.id } },
      create: { service, id: e.id, state: e.state, ...dueAt },
      update: { state: e.state, ...dueAt },
    });
  }
  await writeOutbox(tx, rows);
}

/** What handling one delivery changes: computed inside the transaction from the service's own state. */
export interface Changes {
  entities: EntityWrite[];
  rows: OutboxEntry[];
}

/** How a service takes part in the orchestrated return saga. */
const returnRole = (service: DemoServiceName): "participant" | "coordinator" | null =>
  service === "return-coordinator"
    ? "coordinator"
    : (Participants as readonly string[]).includes(service)
      ? "participant"
      : null;

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
  private readonly role: "participant" | "coordinator" | null;

  constructor(
    readonly service: DemoServiceName,
    private readonly ctx: ServiceContext,
  ) {
    this.group = `${ctx.groupPrefix}demo-${service}`;
    this.role = returnRole(service);
    this.wanted = new Set(isService(service) ? consumedBy(service) : []);
    const returnTopics =
      this.role === "coordinator"
        ? [ReturnTopics.returns, ReturnTopics.replies]
        : this.role === "participant"
          ? [ReturnTopics.commands]
          : [];
    this.topics = [...new Set([...[...this.wanted].map((e) => topicOf[e]), ...returnTopics].map(ctx.topic))];
  }

  get up(): boolean {
    return this.consumer !== null;
  }

  async start(): Promise<void> {
    if (this.consumer) return;
    const consumer = this.ctx.kafka.consumer({
      groupId: this.group,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 100,
      sessionTimeout: 30_000,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (e) => {
      this.ctx.log(
        e.payload.restart ? "demo service crashed; kafkajs restarts it" : "demo service crashed; restarting it in 2 s",
        { service: this.service, error: String(e.payload.error) },
      );
      // kafkajs gives up on errors it does not retry (a coordinator not found on a busy broker): a real service would be restarted by its platform.
      if (!e.payload.restart) setTimeout(() => void this.restart(consumer), 2000);
    });
    await consumer.connect();
    // Fresh groups read from the beginning so nothing produced while they join is missed;
    // existing groups resume from their committed offsets (after an outage: the backlog).
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachMessage: async ({ topic, partition, message, heartbeat }) => {
        const compute = this.handlerFor(topic, message);
        if (compute) await this.deliver(topic, partition, message, heartbeat, compute);
      },
    });
  }

  private async restart(crashed: Consumer): Promise<void> {
    if (this.consumer !== crashed) return; // stopped or restarted meanwhile
    this.consumer = null;
    await crashed.disconnect().catch(() => undefined);
    await this.start().catch((err: unknown) => {
      this.ctx.log("demo service restart failed; trying again in 5 s", { service: this.service, error: String(err) });
      this.consumer = crashed; // so the next attempt is not skipped
      setTimeout(() => void this.restart(crashed), 5000);
    });
  }

  /** Stops the consumer (an outage): its group's lag grows until `start` again. */
  async stop(): Promise<void> {
    const c = this.consumer;
    this.consumer = null;
    await c?.disconnect().catch(() => undefined);
  }

  /** What this service does with a record, or null when the record is not for it (skipped without a transaction). */
  private handlerFor(topic: string, m: KafkaMessage): Compute | null {
    const type = headerText(m.headers, "event-type");
    const sagaId = headerText(m.headers, "saga-id") ?? m.key?.toString() ?? "unknown";
    const { rng, topic: t } = this.ctx;
    if (isEventType(type) && this.wanted.has(type) && isService(this.service)) {
      const service = this.service;
      const traceId = traceIdOf(headerText(m.headers, "traceparent")) ?? newTraceId();
      const incoming: Incoming = { type, sagaId, value: m.value, topic, offset: m.offset };
      return async (read) => {
        const d = await behaviour[service](incoming, { rng, shares: this.ctx.shares(), now: new Date(), read });
        return { entities: d.entities, rows: rowsOf(service, sagaId, traceId, d, t) };
      };
    }
    const forParticipant = this.role === "participant" && isCommandKind(type) && recipientOf[type] === this.service;
    const forCoordinator = this.role === "coordinator" && (type === "ReturnRequested" || isReplyKind(type));
    if (!forParticipant && !forCoordinator) return null;
    const message = readReturnMessage((name) => headerText(m.headers, name), m.value?.toString() ?? null);
    return async (read) => {
      if (!message)
        throw new ProcessingError(
          "org.springframework.messaging.converter.MessageConversionException",
          `not a well-formed ${String(type)} message`,
          false,
        );
      const shares = this.ctx.shares();
      const toRow = (r: ReturnMessage): OutboxEntry => ({
        service: this.service,
        topic: t(returnTopicOf[r.kind]),
        key: r.returnId,
        value: Buffer.from(JSON.stringify(r.payload)),
        headers: returnHeaders(r, this.service as ReturnSource, t(ReturnTopics.replies)),
      });
      if (forParticipant && isCommand(message)) {
        const replies = answer(this.service as Participant, message, rng, {
          "inventory-service": shares["inventory-service"],
          "payment-service": shares["payment-service"],
        });
        return {
          entities: replies.map((r) => ({ id: `return:${r.returnId}`, state: r.kind })),
          rows: replies.map(toRow),
        };
      }
      const stored = await read(message.returnId);
      const input = isReturnRequested(message) ? message : isReply(message) ? message : null;
      if (!input)
        throw new ProcessingError(
          "org.springframework.messaging.converter.MessageConversionException",
          `not a well-formed ${message.kind} message`,
          false,
        );
      const d = decide(stored ? (JSON.parse(stored) as ReturnState) : null, input);
      const out = [...d.commands, ...d.events];
      return {
        entities: d.next && out.length ? [{ id: message.returnId, state: JSON.stringify(d.next) }] : [],
        rows: out.map(toRow),
      };
    };
  }

  private async deliver(
    topic: string,
    partition: number,
    m: KafkaMessage,
    heartbeat: () => Promise<void>,
    compute: Compute,
  ): Promise<void> {
    const eventId = headerText(m.headers, "event-id") ?? `${topic}/${partition}/${m.offset}`;
    await sleep(10 + this.ctx.rng() * 120); // "work"
    for (let attempt = 1; ; attempt++) {
      try {
        if (this.ctx.rng() < this.ctx.transientShare()) {
          throw new ProcessingError(
            "java.sql.SQLTransientConnectionException",
            "HikariPool-1 - Connection is not available, request timed out after 30000ms.",
            true,
          );
        }
        const outcome = await this.applyOnce(eventId, compute);
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

  private async applyOnce(eventId: string, compute: Compute): Promise<"processed" | "duplicate"> {
    const service = this.service;
    const done: { changes: Changes | null } = { changes: null };
    const outcome = await this.ctx.db.$transaction(async (tx) => {
      if (await tx.demoProcessed.findUnique({ where: { service_eventId: { service, eventId } } }))
        return "duplicate" as const;
      const read = async (id: string) =>
        (await tx.demoEntity.findUnique({ where: { service_id: { service, id } } }))?.state ?? null;
      const changes = await compute(read);
      // The primary key makes a concurrent second delivery fail here rather than act twice.
      await tx.demoProcessed.create({ data: { service, eventId } });
      await writeChanges(tx, service, changes.entities, changes.rows);
      done.changes = changes;
      return "processed" as const;
    }, txOptions);
    if (done.changes) this.ctx.onCommitted(service, done.changes.rows);
    return outcome;
  }

  /** Publishes the failed record, bytes untouched, to `<topic>.DLT` (Spring's default naming) with Spring's headers after the original ones. */
  private async deadLetter(
    topic: string,
    partition: number,
    m: KafkaMessage,
    err: ProcessingError,
    attempts: number,
  ): Promise<void> {
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
    this.ctx.log("dead-lettered a record", {
      service: this.service,
      topic,
      partition,
      offset: m.offset,
      attempts,
      cause: err.causeFqcn,
    });
  }
}

type Compute = (read: (id: string) => Promise<string | null>) => Promise<Changes>;
