import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from "kafkajs";
import { eventHeaders, isEventType, topicOf, traceIdOf, type EventType, type Service } from "./events";
import { consumedBy, react, type Shares } from "./rules";
import { listenerStacktrace, springDltHeaders } from "./spring-dlt";

export interface ServiceContext {
  kafka: Kafka;
  producer: Producer;
  topic: (base: string) => string;
  groupPrefix: string;
  shares: () => Shares;
  rng: () => number;
  onEvent: (type: EventType) => void;
  onDeadLetter: () => void;
  log: (msg: string, fields?: Record<string, unknown>) => void;
}

const headerText = (h: IHeaders | undefined, name: string) => {
  const v = h?.[name];
  const one = Array.isArray(v) ? v[v.length - 1] : v;
  return one === undefined ? undefined : one.toString();
};

class PoisonRecord extends Error {
  constructor(
    readonly causeFqcn: string,
    message: string,
  ) {
    super(message);
  }
}

/** The payment service's validation of an OrderCreated value; poison throws. */
function parseOrder(value: Buffer | null): { amount: number } {
  let order: { amount?: unknown };
  try {
    order = JSON.parse(value?.toString() ?? "") as { amount?: unknown };
  } catch (e) {
    throw new PoisonRecord("com.fasterxml.jackson.core.io.JsonEOFException", `Unexpected end-of-input: ${(e as Error).message}`);
  }
  if (typeof order.amount !== "number" || order.amount <= 0) {
    throw new PoisonRecord("jakarta.validation.ConstraintViolationException", `amount: must be greater than 0 (was ${String(order.amount)})`);
  }
  return { amount: order.amount };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One demo microservice: its own consumer group, reacting to the events the
 * choreography routes to it, after a short "processing" delay.
 */
export async function startService(service: Service, ctx: ServiceContext): Promise<Consumer> {
  const wanted = new Set(consumedBy(service));
  const topics = [...new Set([...wanted].map((e) => ctx.topic(topicOf[e])))];
  const groupId = `${ctx.groupPrefix}demo-${service}`;
  const consumer = ctx.kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
  consumer.on(consumer.events.CRASH, (e) => ctx.log("demo service crashed; kafkajs restarts it", { service, error: String(e.payload.error), restart: e.payload.restart }));
  await consumer.connect();
  // Fresh groups read from the beginning so nothing produced while they join is missed;
  // existing groups resume from their committed offsets.
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachMessage: async ({ topic, partition, message }) => {
      const type = headerText(message.headers, "event-type");
      if (!isEventType(type) || !wanted.has(type)) return;
      try {
        await handle(service, type, topic, message, ctx);
      } catch (err) {
        if (!(err instanceof PoisonRecord)) throw err; // kafkajs retries the message
        await deadLetter(topic, partition, message, groupId, err, ctx);
      }
    },
  });
  return consumer;
}

async function handle(service: Service, type: EventType, topic: string, message: KafkaMessage, ctx: ServiceContext): Promise<void> {
  if (service === "payment-service" && type === "OrderCreated") parseOrder(message.value);
  const sagaId = headerText(message.headers, "saga-id") ?? message.key?.toString() ?? "unknown";
  const traceId = traceIdOf(headerText(message.headers, "traceparent")) ?? "0".repeat(32);
  const reactions = react(service, type, ctx.rng, ctx.shares());
  if (reactions.length === 0) return;
  await sleep(20 + ctx.rng() * 250);
  for (const emit of reactions) {
    const payload = { sagaId, step: emit, at: new Date().toISOString(), cause: { type, topic, offset: message.offset } };
    await ctx.producer.send({
      topic: ctx.topic(topicOf[emit]),
      messages: [{ key: sagaId, value: JSON.stringify(payload), headers: eventHeaders({ type: emit, sagaId, traceId, payload }, service) }],
    });
    ctx.onEvent(emit);
  }
}

/** Publishes the failed record, bytes untouched, to `<topic>.DLT` (Spring's default naming) with Spring's headers after the original ones. */
async function deadLetter(topic: string, partition: number, m: KafkaMessage, groupId: string, err: PoisonRecord, ctx: ServiceContext): Promise<void> {
  const exceptionFqcn = "org.springframework.kafka.listener.ListenerExecutionFailedException";
  const headers: IHeaders = {
    ...(m.headers ?? {}),
    ...springDltHeaders({
      topic,
      partition,
      offset: m.offset,
      timestamp: m.timestamp,
      consumerGroup: groupId,
      exceptionFqcn,
      causeFqcn: err.causeFqcn,
      message: `Listener method 'onOrderCreated' threw exception; nested exception is ${err.causeFqcn}: ${err.message}`,
      stacktrace: listenerStacktrace(err.causeFqcn, err.message, "onOrderCreated"),
    }),
  };
  await ctx.producer.send({ topic: `${topic}.DLT`, messages: [{ key: m.key, value: m.value, headers }] });
  ctx.onDeadLetter();
  ctx.log("dead-lettered poison record", { topic, partition, offset: m.offset });
}
