import { afterAll, describe, expect, inject, it } from "vitest";
import type { z } from "zod";
import { recordsRoutes, type WireRecord } from "../../server/contract";
import { startSagascope, type Sagascope } from "../../server/app";
import { quietLog, suffix, testConfig, testKafka, waitFor } from "./helpers";

const brokers = inject("brokers");
const kafka = testKafka(brokers);
let app: Sagascope | undefined;
afterAll(async () => app?.close());

/** The answer is exactly what the route declares: parsing keeps every field (no undeclared ones) and accepts every value. */
async function answerOf(decl: { response: unknown }, url: string) {
  const res = await fetch(url);
  const body: unknown = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  expect((decl.response as z.ZodType).parse(body)).toEqual(body);
  return body;
}

describe("records on demand", () => {
  it("reads a partition from an offset or a time, one record, and a large value whole", async () => {
    app = await startSagascope(testConfig(brokers), quietLog(), { ui: false });
    const topic = `it-read-${suffix()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const t0 = Date.now() - 60_000;
    await producer.send({
      topic,
      messages: Array.from({ length: 20 }, (_, i) => ({
        partition: 0,
        value: JSON.stringify({ i }),
        timestamp: String(t0 + i * 1000),
      })),
    });
    const big = Buffer.alloc(2 * 1024 * 1024, 0x61);
    await producer.send({ topic, messages: [{ partition: 1, key: "big", value: big }] });
    await producer.disconnect();
    const get = async (q: string) => {
      const res = await fetch(`${app!.url}${q}`);
      return { status: res.status, body: (await res.json()) as { records: WireRecord[]; next: string; high: string } };
    };

    const page = await get(`/api/records?topic=${topic}&partition=0&offset=3&limit=5`);
    expect(page.status).toBe(200);
    expect(page.body.records.map((r) => r.offset)).toEqual(["3", "4", "5", "6", "7"]);
    expect(page.body.next).toBe("8");
    expect(page.body.high).toBe("20");
    const byTime = await get(`/api/records?topic=${topic}&partition=0&timestamp=${t0 + 15_500}&limit=10`);
    expect(byTime.body.records.map((r) => r.offset)).toEqual(["16", "17", "18", "19"]);
    expect((await get(`/api/records?topic=${topic}&partition=0&offset=20`)).body.records).toEqual([]);

    const one = await fetch(`${app.url}/api/records/${topic}/1/0`);
    const rec = (await one.json()) as WireRecord;
    expect(rec).toMatchObject({ offset: "0", value: { bytes: big.length, truncated: true } });
    const whole = Buffer.from(await (await fetch(`${app.url}/api/records/${topic}/1/0/value`)).arrayBuffer());
    expect(whole.equals(big)).toBe(true);

    expect((await fetch(`${app.url}/api/records/${topic}/0/99`)).status).toBe(404);
    expect((await get(`/api/records?topic=nope-${suffix()}&partition=0`)).status).toBe(404);
    expect((await get(`/api/records?topic=${topic}&partition=0&offset=-1`)).status).toBe(400);
    // The page of a whole topic: every partition from a time, merged oldest first.
    const merged = (await (
      await fetch(`${app.url}/api/topics/${topic}/messages?from=${new Date(t0 + 17_500).toISOString()}&limit=10`)
    ).json()) as { records: WireRecord[]; partitions: Array<{ partition: number; next: string }> };
    expect(merged.records.map((r) => `${r.partition}/${r.offset}`)).toEqual(["0/18", "0/19", "1/0"]);
    expect(merged.partitions).toEqual([
      expect.objectContaining({ partition: 0, next: "20" }),
      expect.objectContaining({ partition: 1, next: "1" }),
    ]);
    const fromOffset = (await (await fetch(`${app.url}/api/topics/${topic}/messages?from=1&limit=2`)).json()) as {
      records: WireRecord[];
    };
    expect(fromOffset.records.map((r) => `${r.partition}/${r.offset}`)).toEqual(["0/1", "0/2"]);
    // Paging with per-partition cursors: forward from `next`, backward before `prev`.
    type Page = { records: WireRecord[]; partitions: Array<{ partition: number; next: string; prev: string }> };
    const fwd = (await (await fetch(`${app.url}/api/topics/${topic}/messages?from=0:17,1:0&limit=4`)).json()) as Page;
    expect(fwd.records.map((r) => `${r.partition}/${r.offset}`)).toEqual(["0/17", "0/18", "0/19", "1/0"]);
    const back = (await (
      await fetch(`${app.url}/api/topics/${topic}/messages?before=0:17,1:0&limit=3`)
    ).json()) as Page;
    expect(back.records.map((r) => `${r.partition}/${r.offset}`)).toEqual(["0/14", "0/15", "0/16"]);
    expect(back.partitions.find((p) => p.partition === 0)!.prev).toBe("14");
    const first = (await (await fetch(`${app.url}/api/topics/${topic}/messages?before=0:2&limit=5`)).json()) as Page;
    expect(first.records.map((r) => r.offset)).toEqual(["0", "1"]);
    expect((await fetch(`${app.url}/api/topics/${topic}/messages?before=zero`)).status).toBe(400);
    expect(await (await fetch(`${app.url}/api/topics/${topic}/messages?before=zero`)).json()).toMatchObject({
      error: { code: "INVALID_BEFORE" },
    });
    expect((await fetch(`${app.url}/api/topics/${topic}/messages?from=yesterday-ish`)).status).toBe(400);
    expect((await fetch(`${app.url}/api/topics/${topic}/messages?partition=5`)).status).toBe(404);

    // Every read route answers what its declaration says (the browser parses with the same schemas).
    const range = (await answerOf(
      recordsRoutes.range,
      `${app.url}/api/records?topic=${topic}&partition=0&offset=18`,
    )) as { records: WireRecord[] };
    expect(range.records.map((r) => r.offset)).toEqual(["18", "19"]);
    const pageOf = (await answerOf(
      recordsRoutes.topicPage,
      `${app.url}/api/topics/${topic}/messages?from=0:19,1:0&limit=5`,
    )) as { records: WireRecord[] };
    expect(pageOf.records.map((r) => r.id)).toEqual([`${topic}/0/19`, `${topic}/1/0`]);
    expect(await answerOf(recordsRoutes.one, `${app.url}/api/records/${topic}/0/19`)).toMatchObject({
      id: `${topic}/0/19`,
      value: { encoding: "json" },
    });
    const value = await fetch(`${app.url}/api/records/${topic}/0/19/value`);
    expect([value.headers.get("content-type"), value.headers.get("content-disposition"), await value.text()]).toEqual([
      "application/octet-stream",
      `attachment; filename="${topic}-0-19.bin"`,
      '{"i":19}',
    ]);
    expect(await (await fetch(`${app.url}/api/records/${topic}/zero/1`)).json()).toEqual({
      error: { code: "NOT_FOUND" },
    });

    // A burst of reads: at most 4 run, 16 wait, the rest are refused with 429 and nothing breaks.
    const burst = await Promise.all(
      Array.from({ length: 30 }, () =>
        fetch(`${app!.url}/api/topics/${topic}/messages?from=0&limit=1`).then((r) => r.status),
      ),
    );
    expect(burst.filter((s) => s === 200).length).toBeGreaterThanOrEqual(20);
    expect(burst.every((s) => s === 200 || s === 429)).toBe(true);
    expect(burst.filter((s) => s === 429).length).toBe(30 - burst.filter((s) => s === 200).length);
    expect((await fetch(`${app.url}/api/topics/${topic}/messages?from=0&limit=1`)).status).toBe(200);

    await waitFor("no read groups left", async () => {
      const a = kafka.admin();
      await a.connect();
      const groups = (await a.listGroups()).groups.filter((g) => g.groupId.startsWith("sagascope-read-"));
      await a.disconnect();
      return groups.length === 0;
    });
  });
});
