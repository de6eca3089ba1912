import { afterAll, describe, expect, inject, it } from "vitest";
import type { z } from "zod";
import { startSagascope, type Sagascope } from "../../server/app";
import { groupsRoutes } from "../../server/contract";
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

interface GroupRow {
  groupId: string;
  state: string;
  members: number;
  lag: number;
  growing: boolean;
  topics: string[];
  unknownLag: number;
}

describe("consumer groups and lag", () => {
  it("lists a group with its state and members, measures its lag per partition, and flags lag that keeps growing", async () => {
    app = await startSagascope(testConfig(brokers, { GROUP_SAMPLE_MS: "300" }), quietLog(), { ui: false });
    const topic = `it-lag-${suffix()}`;
    const groupId = `it-app-${suffix()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: 10 }, (_, i) => ({ partition: i % 2, value: `m${i}` })),
    });

    // An application consumer that reads everything, then stops reading (paused) but stays in the group.
    const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let read = 0;
    await consumer.run({ autoCommitInterval: 100, eachMessage: async () => void read++ });
    await waitFor("10 read", () => read >= 10);
    const groups = async () =>
      ((await (await fetch(`${app!.url}/api/groups`)).json()) as { groups: GroupRow[] }).groups;
    const caughtUp = await waitFor("group caught up", async () =>
      (await groups()).find(
        (g) =>
          g.groupId === groupId &&
          g.topics.includes(topic) &&
          g.unknownLag === 0 &&
          g.lag === 0 &&
          g.state === "Stable",
      ),
    );
    expect(caughtUp).toMatchObject({ members: 1, topics: [topic], growing: false });

    consumer.pause([{ topic }]);
    for (let i = 0; i < 10; i++) {
      await producer.send({ topic, messages: [{ partition: i % 2, value: `late-${i}` }] });
      await new Promise((r) => setTimeout(r, 300));
    }
    // All ten late records counted (the sampler may be a sample behind the flag), so the per-partition detail below sums to the same lag.
    const growing = await waitFor("lag growing to 10", async () =>
      (await groups()).find((g) => g.groupId === groupId && g.growing && g.lag === 10),
    );
    expect(growing.lag).toBeGreaterThan(0);
    type Detail = {
      members: Array<{ assignment: Record<string, number[]> }>;
      partitions: Array<{ topic: string; partition: number; lag: number }>;
      history: Array<{ lag: number }>;
    };
    // The history grows one sample per GROUP_SAMPLE_MS; on a busy machine the sampler may be behind, so wait for it.
    const detail = await waitFor("lag history", async () => {
      const d = (await (await fetch(`${app!.url}/api/groups/${encodeURIComponent(groupId)}`)).json()) as Detail;
      return d.history.length > 6 ? d : undefined;
    });
    expect(detail.members[0]!.assignment[topic]!.sort()).toEqual([0, 1]);
    expect(detail.partitions.map((p) => p.partition).sort()).toEqual([0, 1]);
    expect(detail.partitions.reduce((n, p) => n + p.lag, 0)).toBe(growing.lag);

    // Every read route answers what its declaration says (the browser parses with the same schemas).
    const list = (await answerOf(groupsRoutes.list, `${app.url}/api/groups`)) as { groups: GroupRow[] };
    expect(list.groups.some((g) => g.groupId === groupId)).toBe(true);
    const lags = (await answerOf(groupsRoutes.consumerGroups, `${app.url}/api/consumer-groups`)) as {
      groups: Array<{ groupId: string; partitions: Array<{ topic: string }> }>;
    };
    expect(lags.groups.find((g) => g.groupId === groupId)?.partitions.map((p) => p.topic)).toEqual([topic, topic]);
    const one = (await answerOf(groupsRoutes.detail, `${app.url}/api/groups/${encodeURIComponent(groupId)}`)) as Detail;
    expect(one.partitions.every((p) => Array.isArray((p as { history?: unknown }).history))).toBe(true);

    // Draining: the flag clears once the consumer catches up.
    consumer.resume([{ topic }]);
    await waitFor("drained", async () =>
      (await groups()).find((g) => g.groupId === groupId && g.lag === 0 && !g.growing),
    );
    await consumer.disconnect();
    await producer.disconnect();
    const missing = await fetch(`${app.url}/api/groups/nope-${suffix()}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
    expect(await (await fetch(`${app.url}/metrics`)).text()).toContain(`sagascope_group_lag{group="${groupId}"}`);
  });
});
