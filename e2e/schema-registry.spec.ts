import { SchemaRegistry, SchemaType } from "@kafkajs/confluent-schema-registry";
import { expect, test } from "@playwright/test";
import { Kafka, logLevel } from "kafkajs";
import { brokers, createTopic, uniqueTopic } from "./kafka";

test.describe("Schema Registry", () => {
  test("an Avro record's detail shows its decoded fields, format and schema id", async ({ page }) => {
    const url = process.env.SCHEMA_REGISTRY_URL;
    if (!url) throw new Error("SCHEMA_REGISTRY_URL not set: e2e/global-setup.ts did not run");
    const topic = uniqueTopic("avro");
    await createTopic(topic, 1);
    const registry = new SchemaRegistry({ host: url });
    const schema = {
      type: "record",
      name: "OrderPlaced",
      namespace: "shop",
      fields: [
        { name: "orderId", type: "string" },
        { name: "cents", type: "long" },
      ],
    };
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
      { subject: `${topic}-value` },
    );
    const producer = new Kafka({
      clientId: "e2e-avro",
      brokers: brokers().split(","),
      logLevel: logLevel.NOTHING,
    }).producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [{ key: "o-42", value: await registry.encode(id, { orderId: "o-42", cents: 1999 }) }],
    });
    await producer.disconnect();

    await page.goto(`/records?topic=${topic}&partition=0&offset=0`);
    await page
      .getByRole("table", { name: "Records read" })
      .getByRole("row", { name: `${topic} partition 0 offset 0` })
      .click();
    const detail = page.getByRole("region", { name: `Record ${topic}/0/0` });
    await expect(detail.getByTestId("schema")).toHaveText(`Avro · schema ${id}`);
    await expect(detail.locator("pre").first()).toContainText('"orderId": "o-42"');
    await expect(detail.locator("pre").first()).toContainText('"cents": 1999');
  });
});
