import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { auditRoutes, dlqRoutes } from "../../server/contract";
import { startSagascope, type Sagascope } from "../../server/app";
import type { Config } from "../../server/config";
import { kcat, quietLog, readToEnd, suffix, testConfig, testKafka, waitFor } from "./helpers";

const brokers = inject("brokers");
const kafka = testKafka(brokers);
const apps: Sagascope[] = [];
afterAll(async () => {
  for (const a of apps) await a.close().catch(() => undefined);
});

const start = async (config: Config) => {
  const a = await startSagascope(config, quietLog(), { ui: false });
  apps.push(a);
  return a;
};
const int = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const long = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(n);
  return b;
};
const post = (a: Sagascope, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${a.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-sagascope-operator": "it", ...headers },
    body: JSON.stringify(body),
  });
// The PostgreSQL pass shares one database between tests and runs: always scope lists to this test's topic.
let scope = "";
// Every read is parsed with its route's declared answer: a schema that lies fails here.
const list = async (a: Sagascope, q = "") =>
  dlqRoutes.list.response.parse(
    await (await fetch(`${a.url}/api/dlq/messages?topic=${encodeURIComponent(scope)}&${q}`)).json(),
  );
const detail = async (a: Sagascope, id: string) =>
  dlqRoutes.detail.response.parse(await (await fetch(`${a.url}/api/dlq/messages/${encodeURIComponent(id)}`)).json());

interface Republished {
  replayId: string;
  state: string;
  partition: number;
  offset: string;
}
/**
 * The records on the partition a retry answered with that carry `header: value`.
 * The partition is read up to its end offset after the answer, so every
 * publish the action made is in it: a key always goes to one partition.
 */
const carrying = async (topic: string, at: Republished, header: string, value: string) =>
  (await readToEnd(brokers, topic, at.partition)).filter((r) => r.headers[header] === value);

describe("dead-letter console", () => {
  const origin = `it-orders-${suffix()}`;
  const dlt = `${origin}.DLT`;
  let config: Config;
  let app: Sagascope;

  beforeAll(async () => {
    scope = dlt;
    config = testConfig(brokers);
    app = await start(config);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: origin, numPartitions: 3 },
        { topic: dlt, numPartitions: 1 },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();
    await waitFor("topics ingested", async () =>
      ((await (await fetch(`${app.url}/api/status`)).json()) as { kafka: { topics: string[] } }).kafka.topics.includes(
        dlt,
      ),
    );

    const producer = kafka.producer();
    await producer.connect();
    // Spring Kafka's DeadLetterPublishingRecoverer: binary partition/offset/timestamp, a repeated message header.
    await producer.send({
      topic: dlt,
      messages: [
        {
          key: "o-1",
          value: JSON.stringify({ orderId: "o-1", amount: -5 }),
          headers: {
            "saga-id": "o-1",
            "kafka_dlt-original-topic": origin,
            "kafka_dlt-original-partition": int(2),
            "kafka_dlt-original-offset": long(41n),
            "kafka_dlt-original-timestamp": long(1764000000000n),
            "kafka_dlt-exception-fqcn": "java.lang.IllegalStateException",
            "kafka_dlt-exception-message": ["first", "amount must be positive"],
            "kafka_dlt-exception-stacktrace":
              "java.lang.IllegalStateException: amount must be positive\n\tat Pay.handle(Pay.java:12)",
          },
        },
        {
          key: "o-2",
          value: JSON.stringify({ orderId: "o-2" }),
          headers: {
            "kafka_dlt-original-topic": origin,
            "kafka_dlt-exception-fqcn": "java.lang.IllegalStateException",
            "kafka_dlt-exception-message": "stock",
          },
        },
        {
          key: "o-3",
          value: JSON.stringify({ orderId: "o-3" }),
          headers: {
            "kafka_dlt-original-topic": origin,
            "kafka_dlt-exception-fqcn": "java.lang.RuntimeException",
            "kafka_dlt-exception-message": "x",
          },
        },
      ],
    });
    await producer.disconnect();
    // Kafka Connect writes its error headers as strings; kcat is a client nobody here wrote.
    await kcat(
      [
        "-b",
        brokers,
        "-P",
        "-t",
        dlt,
        "-k",
        "c-1",
        "-H",
        `__connect.errors.topic=${origin}`,
        "-H",
        "__connect.errors.partition=1",
        "-H",
        "__connect.errors.offset=7",
        "-H",
        "__connect.errors.connector.name=jdbc-sink",
        "-H",
        "__connect.errors.exception.class.name=org.apache.kafka.connect.errors.DataException",
        "-H",
        "__connect.errors.exception.message=Converting byte[] failed",
      ],
      "not json at all",
    );
    await waitFor("4 dead letters", async () => (await list(app)).total === 4 || undefined);
  });

  it("lists dead letters newest first with the decoded origin and error of each convention, grouped", async () => {
    const all = await list(app);
    expect(all.messages[0]).toMatchObject({
      key: { text: "c-1" },
      conventions: ["connect"],
      origin: { topic: origin, partition: 1, offset: "7", connector: "jdbc-sink" },
      error: { className: "org.apache.kafka.connect.errors.DataException" },
    });
    const spring = all.messages.find((m) => m.key.text === "o-1")!;
    expect(spring).toMatchObject({
      status: "new",
      conventions: ["spring"],
      origin: { topic: origin, partition: 2, offset: "41", timestamp: 1764000000000 },
      error: { className: "java.lang.IllegalStateException", message: "amount must be positive" },
    });
    expect(all.groups.exceptionClass[0]).toEqual({ value: "java.lang.IllegalStateException", count: 2 });
    expect((await list(app, `group=${encodeURIComponent("exceptionClass:java.lang.RuntimeException")}`)).total).toBe(1);
    expect((await list(app, "q=jdbc")).total).toBe(0); // connector names are not searched; class, message and topic are
    expect((await list(app, "q=Converting")).total).toBe(1);
    const d = await detail(app, spring.id);
    expect(d.error.stackTrace).toContain("Pay.java:12");
    expect(d.value.encoding).toBe("json");
  });

  it("republishes one record exactly once under five parallel retries, without dead-letter headers, and audits it", async () => {
    const spring = (await list(app)).messages.find((m) => m.key.text === "o-1")!;
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        post(app, `/api/dlq/messages/${encodeURIComponent(spring.id)}/retry`, {
          reason: "fixed the amount validation",
        }),
      ),
    );
    const codes = responses.map((r) => r.status).sort();
    expect(codes).toEqual([200, 409, 409, 409, 409]);
    const answer = (await responses.find((r) => r.status === 200)!.json()) as Republished;
    // Every replay of this dead letter names it as its source; one of them, with the answer's replay id.
    const back = await carrying(origin, answer, "sagascope-replay-source", `${dlt}/0/0`);
    expect(back).toHaveLength(1);
    expect(back[0]!.headers["sagascope-replay-id"]).toBe(answer.replayId);
    expect(back[0]!.offset).toBe(answer.offset);
    expect(back[0]!.value).toBe(JSON.stringify({ orderId: "o-1", amount: -5 }));
    expect(back[0]!.headers["saga-id"]).toBe("o-1");
    expect(back[0]!.headers["sagascope-replay-source"]).toBe(`${dlt}/0/0`);
    expect(back[0]!.headers["sagascope-replay-attempt"]).toBe("1");
    expect(Object.keys(back[0]!.headers).some((k) => k.startsWith("kafka_dlt-"))).toBe(false);

    const d = await detail(app, spring.id);
    expect(d.status).toBe("published");
    expect(d.replays).toHaveLength(1);
    expect(d.replays[0]).toMatchObject({
      state: "published",
      targetTopic: origin,
      reason: "fixed the amount validation",
    });
    // A second retry needs force.
    expect(
      (await post(app, `/api/dlq/messages/${encodeURIComponent(spring.id)}/retry`, { reason: "again" })).status,
    ).toBe(409);

    const audit = auditRoutes.list.response.parse(
      await (await fetch(`${app.url}/api/audit?deadLetterId=${encodeURIComponent(spring.id)}`)).json(),
    );
    expect(audit.entries.filter((e) => e.result === "ok")).toHaveLength(1);
    expect(audit.entries.filter((e) => e.result === "refused").length).toBeGreaterThanOrEqual(5);
    expect(audit.entries[0]!.actor).toBe("it (loopback, no login)");
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toContain('sagascope_operator_actions_total{action="retry",result="ok"} 1');
    expect(metrics).toMatch(/sagascope_operator_actions_total\{action="retry",result="refused"\} [4-9]/);
    expect(metrics).toMatch(/sagascope_dead_letters\{status="published"\} [1-9]/);
    const csvRes = await fetch(`${app.url}/api/audit?format=csv&deadLetterId=${encodeURIComponent(spring.id)}`);
    expect(csvRes.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csvRes.headers.get("content-disposition")).toBe('attachment; filename="sagascope-audit.csv"');
    const csv = await csvRes.text();
    expect(csv.split("\n")[0]).toBe("id,at,actor,action,deadLetterId,target,reason,result,detail");
    expect(csv.trimEnd().split("\n")).toHaveLength(audit.entries.length + 1);
  });

  it("answers every read route with what its declaration says", async () => {
    const all = await list(app);
    expect(all.messages.length).toBeGreaterThan(0);
    for (const m of all.messages) {
      const d = await detail(app, m.id);
      expect(d.id).toBe(m.id);
      const value = await fetch(`${app.url}/api/dlq/messages/${encodeURIComponent(m.id)}/value`);
      expect(value.status).toBe(200);
      expect(value.headers.get("content-type")).toBe(dlqRoutes.value.response.raw);
      expect((await value.arrayBuffer()).byteLength).toBe(d.value.bytes);
    }
    const missing = await fetch(`${app.url}/api/dlq/messages/${encodeURIComponent(`${dlt}/0/999999`)}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: "NOT_FOUND" } });
    const badStatus = await fetch(`${app.url}/api/dlq/messages?status=lost`);
    expect(badStatus.status).toBe(400);
    expect(((await badStatus.json()) as { error: { code: string } }).error.code).toBe("INVALID_STATUS");
    const audit = auditRoutes.list.response.parse(await (await fetch(`${app.url}/api/audit?limit=50`)).json());
    expect(audit.entries.length).toBeLessThanOrEqual(50);
    dlqRoutes.redrives.response.parse(await (await fetch(`${app.url}/api/dlq/redrives`)).json());
  });

  it("edits and retries (JSON validated), and discards with a reason", async () => {
    const o2 = (await list(app)).messages.find((m) => m.key.text === "o-2")!;
    const bad = await post(app, `/api/dlq/messages/${encodeURIComponent(o2.id)}/retry`, {
      reason: "fix",
      value: "{orderId: o-2",
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("INVALID_JSON_VALUE");
    const ok = await post(app, `/api/dlq/messages/${encodeURIComponent(o2.id)}/retry`, {
      reason: "restocked",
      value: '{"orderId":"o-2","qty":1}',
    });
    expect(ok.status).toBe(200);
    const answer = (await ok.json()) as Republished;
    const back = await carrying(origin, answer, "sagascope-replay-id", answer.replayId);
    expect(back.map((r) => r.value)).toEqual(['{"orderId":"o-2","qty":1}']);
    expect((await detail(app, o2.id)).replays[0]!.edited).toBe(true);

    const o3 = (await list(app)).messages.find((m) => m.key.text === "o-3")!;
    const noReason = await post(app, `/api/dlq/messages/${encodeURIComponent(o3.id)}/discard`, {});
    expect(noReason.status).toBe(400); // a reason is required
    expect(((await noReason.json()) as { error: { code: string } }).error.code).toBe("REASON_REQUIRED");
    expect(
      (await post(app, `/api/dlq/messages/${encodeURIComponent(o3.id)}/discard`, { reason: "test order" })).status,
    ).toBe(200);
    expect((await detail(app, o3.id)).status).toBe("discarded");
  });

  it("refuses cross-origin and form posts, and requires the operator token when one is set", async () => {
    const c1 = (await list(app)).messages.find((m) => m.key.text === "c-1")!;
    const path = `/api/dlq/messages/${encodeURIComponent(c1.id)}/retry`;
    expect((await post(app, path, { reason: "x" }, { origin: "http://evil.example" })).status).toBe(403);
    const form = await fetch(`${app.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "reason=x",
    });
    expect(form.status).toBe(403);

    await app.close();
    apps.splice(apps.indexOf(app), 1);
    const token = "it-operator-token-0123456789";
    app = await start({ ...config, port: 0, operatorToken: token });
    expect((await post(app, path, { reason: "x" })).status).toBe(401);
    expect((await post(app, path, { reason: "x" }, { authorization: "Bearer wrong-token-0000000000" })).status).toBe(
      401,
    ); // INVALID_CREDENTIALS
    expect((await detail(app, c1.id)).status).toBe("new"); // nothing happened
    const ok = await post(app, path, { reason: "converter fixed" }, { authorization: `Bearer ${token}` });
    expect(ok.status).toBe(200);
    expect((await detail(app, c1.id)).replays[0]!.operator).toBe("it (token)");
  });

  it("ends a retry `failed` with the error while the broker is unreachable, and publishes it once the broker is back", async () => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: dlt,
      messages: [{ key: "o-9", value: "{}", headers: { "kafka_dlt-original-topic": origin } }],
    });
    await producer.disconnect();
    const o9 = await waitFor("o-9 captured", async () => (await list(app)).messages.find((m) => m.key.text === "o-9"));
    await app.close();
    apps.splice(apps.indexOf(app), 1);

    // Same database, a broker address nothing listens on.
    const down = await start({ ...config, port: 0, brokers: ["127.0.0.1:1"] });
    const failed = await post(down, `/api/dlq/messages/${encodeURIComponent(o9.id)}/retry`, { reason: "try" });
    expect(failed.status).toBe(502);
    const lost = (await failed.json()) as { replayId: string; state: string; error: { code: string } };
    expect(lost).toMatchObject({ state: "failed", error: { code: "PUBLISH_FAILED" } });
    const d = await detail(down, o9.id);
    expect(d.status).toBe("failed");
    expect(d.replays[0]!.error).toBeTruthy();
    await down.close();
    apps.splice(apps.indexOf(down), 1);

    app = await start({ ...config, port: 0 });
    const again = await post(app, `/api/dlq/messages/${encodeURIComponent(o9.id)}/retry`, { reason: "broker back" });
    expect(again.status).toBe(200);
    const answer = (await again.json()) as Republished;
    const back = await carrying(origin, answer, "sagascope-replay-source", o9.id);
    expect(back.map((r) => r.headers["sagascope-replay-id"])).toEqual([answer.replayId]); // the failed attempt never reached the broker
    expect((await detail(app, o9.id)).replays.map((r) => r.state)).toEqual(["failed", "published"]);
  });
});
