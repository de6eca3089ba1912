import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startSagascope, type Sagascope } from "../../server/app";
import { tracesRoutes, type TraceScan } from "../../server/contract";
import { kcat, quietLog, suffix, testConfig, testKafka, waitFor } from "./helpers";

const brokers = inject("brokers");
const kafka = testKafka(brokers);
const json = { "content-type": "application/json" };
const T = "0af7651916cd43dd8448eb211c80319c";
const OTHER = "1bf7651916cd43dd8448eb211c80319d";
const tp = (trace: string, span: string) => `traceparent=00-${trace}-${span}-01`;

let app: Sagascope;
beforeAll(async () => {
  app = await startSagascope(testConfig(brokers), quietLog(), { ui: false });
});
afterAll(async () => app?.close());

/** A scan as its route declares it (parsed: a schema that lies fails the test). */
const scanOf = async (res: Response, status = 200): Promise<TraceScan> => {
  const body: unknown = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(status);
  return tracesRoutes.scan.response.parse(body);
};
const start = (id: string, body: unknown) =>
  fetch(`${app.url}/api/traces/${id}/scans`, { method: "POST", headers: json, body: JSON.stringify(body) });
const poll = (scanId: string) => fetch(`${app.url}/api/traces/scans/${scanId}`).then((r) => scanOf(r));
const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `{"${tag}":${i}}`).join("\n");

describe("trace scans on demand", () => {
  it("finds exactly the records carrying a trace id on two topics, with progress reaching the total", async () => {
    const s = suffix();
    const [a, b] = [`it-scan-a-${s}`, `it-scan-b-${s}`];
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: a, numPartitions: 2 },
        { topic: b, numPartitions: 3 },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();
    // 1,000 records: 3 carry traceparent with trace T (2 on a, 1 on b), one a traceparent of another trace.
    const produce = (topic: string, input: string, headers: string[] = []) =>
      kcat(["-b", brokers, "-P", "-t", topic, ...headers.flatMap((h) => ["-H", h])], input);
    await produce(a, lines(200, "a"));
    await produce(a, '{"hop":1}', [tp(T, "00f067aa0ba902b7")]);
    await produce(b, lines(300, "b"));
    await produce(b, '{"hop":2}', [tp(T, "00f067aa0ba902b8")]);
    await produce(b, '{"decoy":1}', [tp(OTHER, "00f067aa0ba902b9")]);
    await produce(a, lines(200, "a2"));
    await produce(a, '{"hop":3}', [tp(T, "00f067aa0ba902ba")]);
    await produce(b, lines(296, "b2"));

    const started = await scanOf(await start(T, { topics: [a, b], minutes: 5 }), 202);
    expect(started).toMatchObject({ state: "running", traceId: T, total: 1000, limited: false });
    expect(started.topics).toEqual([
      { topic: a, scanned: expect.any(Number), total: 402 },
      { topic: b, scanned: expect.any(Number), total: 598 },
    ]);
    const done = await waitFor("the scan done", async () => {
      const scan = await poll(started.id);
      return scan.state === "running" ? undefined : scan;
    });
    expect(done.state).toBe("done");
    expect(done.scanned).toBe(1000);
    expect(done.topics.map((t) => [t.scanned, t.total])).toEqual([
      [402, 402],
      [598, 598],
    ]);
    expect(done.trace.hops.map((h) => [h.topic, h.value, h.matchedBy])).toEqual([
      [a, '{"hop":1}', "traceparent"],
      [b, '{"hop":2}', "traceparent"],
      [a, '{"hop":3}', "traceparent"],
    ]);
    expect(done.trace.topics).toEqual([a, b]);

    // A topic that does not exist is refused before anything is read; an unknown scan is not found.
    const unknown = await start(T, { topics: [`it-scan-none-${s}`] });
    expect([unknown.status, ((await unknown.json()) as { error: { code: string } }).error.code]).toEqual([
      404,
      "UNKNOWN_TOPIC",
    ]);
    expect((await fetch(`${app.url}/api/traces/scans/nope`)).status).toBe(404);
  });

  it("cancel stops a scan of a big topic before its end", async () => {
    const big = `it-scan-big-${suffix()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: big, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    await kcat(["-b", brokers, "-P", "-t", big], lines(50_000, "n"));

    const started = await scanOf(await start(T, { topics: [big], minutes: 5 }), 202);
    expect(started.total).toBe(50_000);
    const cancelled = await scanOf(
      await fetch(`${app.url}/api/traces/scans/${started.id}`, { method: "DELETE", headers: json }),
    );
    expect(cancelled.id).toBe(started.id);
    const ended = await waitFor("the scan ended", async () => {
      const scan = await poll(started.id);
      return scan.state === "running" ? undefined : scan;
    });
    expect(ended.state).toBe("cancelled");
    expect(ended.scanned).toBeLessThan(50_000);
    expect(ended.endedAt).not.toBeNull();
    // The slot it held is free again: another scan of the same topic runs to its end.
    const again = await scanOf(await start(T, { topics: [big], minutes: 5 }), 202);
    const full = await waitFor("the second scan done", async () => {
      const scan = await poll(again.id);
      return scan.state === "running" ? undefined : scan;
    });
    expect([full.state, full.scanned, full.trace.hops]).toEqual(["done", 50_000, []]);
  });
});
