import { afterAll, describe, expect, inject, it } from "vitest";
import { dlqRoutes, type WireRecord } from "../../server/contract";
import { startSagascope, type Sagascope } from "../../server/app";
import { MASK } from "../../server/security/masking";
import { quietLog, suffix, testConfig, testKafka, waitFor } from "./helpers";

const brokers = inject("brokers");
const kafka = testKafka(brokers);
let app: Sagascope | undefined;
afterAll(async () => app?.close());

describe("masking rules", () => {
  it("mask dead letters by their original topic's rules, refuse edits of masked records, and republish the original unchanged", async () => {
    const origin = `it-mask-${suffix()}`;
    const dlt = `${origin}.DLT`;
    app = await startSagascope(
      testConfig(brokers, {
        MASKING_RULES: JSON.stringify([
          {
            topics: "it-mask-*",
            fields: ["value.card.number", "headers.authorization"],
            patterns: ["\\b\\d{3}-\\d{2}-\\d{4}\\b"],
          },
        ]),
      }),
      quietLog(),
      { ui: false },
    );
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: origin, numPartitions: 1 },
        { topic: dlt, numPartitions: 1 },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();
    await waitFor("topics ingested", async () =>
      ((await (await fetch(`${app!.url}/api/status`)).json()) as { kafka: { topics: string[] } }).kafka.topics.includes(
        dlt,
      ),
    );
    const value = JSON.stringify({ orderId: "o-1", card: { number: "4111111111111111" }, ssn: "123-45-6789" });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: dlt,
      messages: [
        {
          key: "o-1",
          value,
          headers: {
            "kafka_dlt-original-topic": origin,
            "kafka_dlt-exception-message": "ssn 123-45-6789 rejected",
            authorization: "Bearer s3cr3t",
          },
        },
      ],
    });
    await producer.send({ topic: origin, messages: [{ key: "o-2", value }] });
    await producer.disconnect();

    const list = await waitFor("dead letter captured", async () => {
      const l = dlqRoutes.list.response.parse(
        await (await fetch(`${app!.url}/api/dlq/messages?topic=${encodeURIComponent(dlt)}`)).json(),
      );
      return l.messages.length ? l : undefined;
    });
    const id = list.messages[0]!.id;
    // The masked answers are still what the routes declare.
    const d = dlqRoutes.detail.response.parse(
      await (await fetch(`${app.url}/api/dlq/messages/${encodeURIComponent(id)}`)).json(),
    );
    expect(list.messages[0]!.key.text).toBe("o-1");
    expect(d.masked).toBe(true);
    expect(JSON.parse(d.value.text)).toEqual({ orderId: "o-1", card: { number: MASK }, ssn: MASK });
    expect(d.headers.find((h) => h.name === "authorization")!.value.text).toBe(MASK);
    const raw = await (await fetch(`${app.url}/api/dlq/messages/${encodeURIComponent(id)}/value`)).text();
    expect(raw).not.toContain("4111111111111111");
    expect(raw).not.toContain("123-45-6789");

    // Records read on demand from the original topic are masked too.
    const rec = (await (await fetch(`${app.url}/api/records/${origin}/0/0`)).json()) as WireRecord;
    expect(JSON.parse(rec.value.text).card.number).toBe(MASK);

    const post = (body: unknown) =>
      fetch(`${app!.url}/api/dlq/messages/${encodeURIComponent(id)}/retry`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-sagascope-operator": "it" },
        body: JSON.stringify(body),
      });
    const edit = await post({ reason: "fix", value: d.value.text, valueFormat: "json" });
    expect(edit.status).toBe(409);
    expect(((await edit.json()) as { error: { code: string } }).error.code).toBe("MASKED");
    expect((await post({ reason: "replay as is" })).status).toBe(200);

    // Kafka gets the original record, not the mask.
    const consumer = kafka.consumer({ groupId: `it-mask-read-${suffix()}` });
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: origin, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value?.toString() ?? "") });
    await waitFor("republished record", () => seen.length >= 2);
    await consumer.disconnect();
    expect(seen[1]).toBe(value);
  });
});
