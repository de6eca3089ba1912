import { afterAll, describe, expect, inject, it } from "vitest";
import { startSagascope, type Sagascope } from "../../server/app";
import { dlqRoutes, recordsRoutes, topicsRoutes } from "../../server/contract";
import { MASK } from "../../server/security/masking";
import { dropFreshDatabases, freshUrl } from "../../server/store/test-db";
import { kcat, quietLog, suffix, testConfig, testKafka, waitFor } from "./helpers";

const brokers = inject("brokers");
const apps: Sagascope[] = [];
afterAll(async () => {
  for (const a of apps) await a.close();
  await dropFreshDatabases();
});
/** A database of its own for each app (the PostgreSQL pass gives every test the same one otherwise). */
const ownDatabase = async (): Promise<Record<string, string>> =>
  process.env.IT_DATABASE_URL ? { DATABASE_URL: await freshUrl("postgresql") } : {};

/**
 * Every input of an app is passed in (masking, decoders, read limits, store,
 * clients): two apps in one process, on one broker, with different rules and
 * databases, do not see each other's settings or state.
 */
describe("two apps in one process", () => {
  it("mask, count and store independently", async () => {
    const topic = `it-two-${suffix()}`;
    const dlt = `${topic}.DLT`;
    const admin = testKafka(brokers).admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic, numPartitions: 1 },
        { topic: dlt, numPartitions: 1 },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();

    const masked = await startSagascope(
      testConfig(brokers, {
        ...(await ownDatabase()),
        MASKING_RULES: JSON.stringify([{ topics: "it-two-*", fields: ["value.card"], patterns: [] }]),
      }),
      quietLog(),
      { ui: false },
    );
    apps.push(masked);
    // Its own database (testConfig's data dir), its own consumer group, no masking rules.
    const plain = await startSagascope(testConfig(brokers, await ownDatabase()), quietLog(), { ui: false });
    apps.push(plain);

    // Both topics' readers have joined (the status names a topic then): nothing produced from now on is missed.
    const ingesting = async (app: Sagascope) => {
      const st = (await (await fetch(`${app.url}/api/status`)).json()) as { kafka: { topics: string[] } };
      return [topic, dlt].every((t) => st.kafka.topics.includes(t));
    };
    await waitFor("both apps ingest the topics", async () => (await ingesting(masked)) && (await ingesting(plain)));
    const value = JSON.stringify({ id: "o-1", card: "4111111111111111" });
    await kcat(["-P", "-b", brokers, "-t", topic, "-k", "o-1"], value);
    await kcat(["-P", "-b", brokers, "-t", dlt, "-H", `kafka_dlt-original-topic=${topic}`], value);

    const read = async (app: Sagascope) =>
      recordsRoutes.one.response.parse(await (await fetch(`${app.url}/api/records/${topic}/0/0`)).json());
    expect(JSON.parse((await read(masked)).value.text)).toEqual({ id: "o-1", card: MASK });
    expect(JSON.parse((await read(plain)).value.text)).toEqual({ id: "o-1", card: "4111111111111111" });

    const deadLetters = async (app: Sagascope) =>
      dlqRoutes.list.response.parse(
        await (await fetch(`${app.url}/api/dlq/messages?topic=${encodeURIComponent(dlt)}`)).json(),
      );
    const [m, p] = await Promise.all(
      [masked, plain].map((app) =>
        waitFor("dead letter captured", async () =>
          (await deadLetters(app)).messages.length === 1 ? deadLetters(app) : undefined,
        ),
      ),
    );
    const detail = async (app: Sagascope, id: string) =>
      dlqRoutes.detail.response.parse(
        await (await fetch(`${app.url}/api/dlq/messages/${encodeURIComponent(id)}`)).json(),
      );
    expect((await detail(masked, m!.messages[0]!.id)).masked).toBe(true);
    expect((await detail(plain, p!.messages[0]!.id)).masked).toBe(false);

    // Each counts what it ingested, in its own store.
    const totals = async (app: Sagascope) =>
      topicsRoutes.list.response
        .parse(await (await fetch(`${app.url}/api/topics`)).json())
        .topics.find((t) => t.name === topic)?.records;
    await waitFor(
      "both counted the record",
      async () => (await totals(masked)) === "1" && (await totals(plain)) === "1",
    );
    await masked.close();
    apps.shift();
    // The one left still answers and still does not mask.
    expect(JSON.parse((await read(plain)).value.text).card).toBe("4111111111111111");
  });
});
