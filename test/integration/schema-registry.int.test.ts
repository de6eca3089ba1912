import { SchemaRegistry, SchemaType } from "@kafkajs/confluent-schema-registry";
import { parse } from "protobufjs";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SocketEvents, type ServerStatus, type ServerToClientEvents, type WireRecord } from "../../server/contract";
import { startSagascope, type Sagascope } from "../../server/app";
import { startLocalRegistry, type LocalRegistry } from "../../tools/schema-registry/registry";
import { quietLog, suffix, testConfig, testKafka, waitFor } from "./helpers";

// A real Confluent-compatible registry (Apicurio, tools/schema-registry) and the shared broker.
const brokers = inject("brokers");
const kafka = testKafka(brokers);
const admin = kafka.admin();
const producer = kafka.producer();
let registry: LocalRegistry;
let app: Sagascope;
let socket: Socket<ServerToClientEvents>;
let lastStatus: ServerStatus | undefined;
const live = new Map<string, WireRecord>();

const avro = {
  type: "record",
  name: "OrderPlaced",
  namespace: "shop",
  fields: [
    { name: "orderId", type: "string" },
    { name: "cents", type: "long" },
    { name: "express", type: "boolean" },
  ],
};
const proto = `syntax = "proto3";
package shop;
message PaymentTaken { string order_id = 1; int64 cents = 2; }
message PaymentFailed { string order_id = 1; string reason = 2; }
`;
const jsonSchema = {
  type: "object",
  properties: { sku: { type: "string" }, qty: { type: "integer" } },
  required: ["sku"],
};

beforeAll(async () => {
  registry = await startLocalRegistry({ log: () => undefined });
  await admin.connect();
  await producer.connect();
  app = await startSagascope(testConfig(brokers, { SCHEMA_REGISTRY_URL: registry.url }), quietLog(), { ui: false });
  socket = io(app.url, { transports: ["websocket"] });
  socket.on(SocketEvents.recordsBatch, (b) => {
    for (const r of b.records) live.set(r.id, r);
  });
  socket.on(SocketEvents.status, (s) => (lastStatus = s));
  await waitFor("kafka connected", () => lastStatus?.kafka.state === "connected");
});

afterAll(async () => {
  socket?.close();
  await app?.close();
  await producer.disconnect();
  await admin.disconnect();
  await registry?.stop();
});

async function newTopic(): Promise<string> {
  const topic = `it-sr-${suffix()}`;
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await waitFor(`server subscribed to ${topic}`, () => lastStatus?.kafka.topics.includes(topic));
  return topic;
}

const records = async (topic: string) => {
  const res = await fetch(`${app.url}/api/records?topic=${topic}&partition=0&offset=0&limit=50`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { records: WireRecord[] }).records;
};

describe("Schema Registry decoding against a real registry", () => {
  it("decodes Avro, Protobuf (with and without Confluent's message-index path) and JSON Schema records in the records API and the live stream", async () => {
    const client = new SchemaRegistry({ host: registry.url });
    const topic = await newTopic();
    const { id: avroId } = await client.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(avro) },
      { subject: `${topic}-value` },
    );
    const { id: protoId } = await client.register(
      { type: SchemaType.PROTOBUF, schema: proto },
      { subject: `${topic}-payment-value` },
    );
    const { id: jsonId } = await client.register(
      { type: SchemaType.JSON, schema: JSON.stringify(jsonSchema) },
      { subject: `${topic}-key` },
    );

    const avroValue = await client.encode(avroId, { orderId: "o-1", cents: 1999, express: true });
    const protoBare = await client.encode(protoId, { orderId: "o-2", cents: 500 });
    // Confluent's serializers put the message-index path after the id: [0] as one 0x00 byte, [1] as 0x02 0x02.
    const protoConfluent = Buffer.concat([protoBare.subarray(0, 5), Buffer.from([0]), protoBare.subarray(5)]);
    const failedType = parse(proto).root.lookupType("shop.PaymentFailed");
    const protoSecond = Buffer.concat([
      protoBare.subarray(0, 5),
      Buffer.from([0x02, 0x02]),
      Buffer.from(failedType.encode({ orderId: "o-3", reason: "card declined" }).finish()),
    ]);
    const jsonKey = await client.encode(jsonId, { sku: "sku-9", qty: 2 });
    await producer.send({
      topic,
      messages: [
        { key: jsonKey, value: avroValue },
        { key: "p", value: protoBare },
        { key: "p", value: protoConfluent },
        { key: "p", value: protoSecond },
        { key: "plain", value: JSON.stringify({ plain: true }) },
      ],
    });

    const [a, p1, p2, p3, plain] = await records(topic);
    expect(JSON.parse(a!.value.text)).toEqual({ orderId: "o-1", cents: 1999, express: true });
    expect(a!.value).toMatchObject({ encoding: "json", bytes: avroValue.length });
    expect(a!.valueSchema).toEqual({ id: avroId, format: "AVRO" });
    expect(JSON.parse(a!.key.text)).toEqual({ sku: "sku-9", qty: 2 });
    expect(a!.keySchema).toEqual({ id: jsonId, format: "JSON" });
    for (const r of [p1!, p2!]) {
      expect(JSON.parse(r.value.text)).toEqual({ orderId: "o-2", cents: "500" });
      expect(r.valueSchema).toEqual({ id: protoId, format: "PROTOBUF" });
    }
    expect(JSON.parse(p3!.value.text)).toEqual({ orderId: "o-3", reason: "card declined" });
    expect(plain!.valueSchema).toBeUndefined();
    expect(plain!.value.encoding).toBe("json");

    // One record as the detail view reads it.
    const one = (await (await fetch(`${app.url}/api/records/${topic}/0/0`)).json()) as WireRecord;
    expect(one.valueSchema).toEqual({ id: avroId, format: "AVRO" });
    // The whole-value download stays the bytes in Kafka.
    expect(
      Buffer.from(await (await fetch(`${app.url}/api/records/${topic}/0/0/value`)).arrayBuffer()).equals(avroValue),
    ).toBe(true);

    // Live: the schemas are cached now (the records API fetched them), so live records decode too.
    await producer.send({
      topic,
      messages: [{ value: await client.encode(avroId, { orderId: "o-4", cents: 1, express: false }) }],
    });
    const l = await waitFor("live Avro record", () => live.get(`${topic}/0/5`));
    expect(l.valueSchema).toEqual({ id: avroId, format: "AVRO" });
    expect(JSON.parse(l.value.text)).toMatchObject({ orderId: "o-4" });
  });

  it("with the registry stopped, a record of an unknown schema is hex with a clear note, quickly, and the server keeps serving", async () => {
    const client = new SchemaRegistry({ host: registry.url });
    const topic = await newTopic();
    const { id } = await client.register(
      { type: SchemaType.AVRO, schema: JSON.stringify({ ...avro, name: "Cached" }) },
      { subject: `${topic}-value` },
    );
    const cached = await client.encode(id, { orderId: "o-5", cents: 5, express: false });
    await producer.send({ topic, messages: [{ value: cached }] });
    expect((await records(topic))[0]!.valueSchema).toEqual({ id, format: "AVRO" });

    await registry.stop();
    const unknown = Buffer.concat([Buffer.from([0, 0, 0, 0x7f, 0x7f]), Buffer.from("payload")]);
    await producer.send({ topic, messages: [{ value: unknown }, { value: cached }] });
    const t0 = Date.now();
    const [, u, c] = await records(topic);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(u!.value.encoding).toBe("hex");
    expect(u!.valueSchema).toEqual({
      id: 0x7f7f,
      error: { code: "REGISTRY_UNREACHABLE", message: `schema ${0x7f7f}: registry unreachable`, retriable: true },
    });
    // A schema fetched before the registry went away still decodes.
    expect(c!.valueSchema).toEqual({ id, format: "AVRO" });
    // Live ingest went on: both records arrived, the unknown one as hex with its note.
    const lu = await waitFor("live record of the unknown schema", () => live.get(`${topic}/0/1`));
    expect(lu.value.encoding).toBe("hex");
    expect(lu.valueSchema?.error?.code).toMatch(/^(SCHEMA_LOADING|REGISTRY_UNREACHABLE)$/);
    await waitFor("live record after it", () => live.get(`${topic}/0/2`));
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
