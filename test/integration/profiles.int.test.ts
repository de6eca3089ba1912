import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startSagascope, type Sagascope } from "../../server/app";
import { profilesRoutes, type TopicProfile } from "../../server/contract";
import { suggestTraceTopics } from "../../server/profiles";
import { kcat, quietLog, suffix, testConfig, testKafka, waitFor } from "./helpers";

const brokers = inject("brokers");
const kafka = testKafka(brokers);

let app: Sagascope;
beforeAll(async () => {
  // Profiles taken again every second, so the one read after the records below were all produced comes soon.
  // TOPICS_INCLUDE: only this test's topics are profiled (the shared broker holds every other test's too).
  app = await startSagascope(
    testConfig(brokers, { PROFILE_INTERVAL_MS: "1000", TOPICS_INCLUDE: "it-profile-*" }),
    quietLog(),
    { ui: false },
  );
});
afterAll(async () => app?.close());

const profileOf = async (topic: string) => {
  const res = await fetch(`${app.url}/api/topics/${topic}/profile`);
  const body: unknown = await res.json();
  return { status: res.status, body };
};
const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join("\n");

describe("topic profiles", () => {
  it("profiles the last 20 records of each partition, produced by kcat with headers, with exact shares", async () => {
    const topic = `it-profile-${suffix()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    const produce = (partition: number, input: string, args: string[] = []) =>
      kcat(["-b", brokers, "-P", "-t", topic, "-p", String(partition), ...args], input);
    // Partition 0: 10 older records (beyond the sample), then 10 keyed JSON events with a traceparent and 10 texts.
    await produce(
      0,
      lines(10, (i) => `{"type":"Old","i":${i}}`),
    );
    await produce(
      0,
      lines(10, (i) => `o-${i}:{"type":"OrderPlaced","i":${i}}`),
      ["-K", ":", "-H", "traceparent=00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01"],
    );
    await produce(
      0,
      lines(10, (i) => `plain text ${i}`),
    );
    // Partition 1: 5 tombstones (a key, a null value) and 15 JSON events with a content-type header.
    await produce(
      1,
      lines(5, (i) => `gone-${i}:`),
      ["-K", ":", "-Z"],
    );
    await produce(
      1,
      lines(15, () => `{"eventType":"Paid"}`),
      ["-H", "content-type=application/json"],
    );

    const profile = await waitFor("the profile of all 40 sampled records", async () => {
      const { status, body } = await profileOf(topic);
      if (status !== 200) return undefined;
      const p = profilesRoutes.profile.response.parse(body) as TopicProfile;
      return p.records === 40 && p.eventTypes.length === 2 ? p : undefined;
    });
    expect(profile).toMatchObject({ topic, partitions: 2, partitionsSampled: 2, limited: false, format: "json" });
    expect(profile.keyShare).toBe(15 / 40);
    expect(profile.formats).toEqual([
      { format: "json", share: 25 / 40 },
      { format: "text", share: 10 / 40 },
      { format: "tombstone", share: 5 / 40 },
    ]);
    expect(profile.headers).toEqual([
      { name: "content-type", share: 15 / 40 },
      { name: "traceparent", share: 10 / 40 },
    ]);
    // "Old" is before each partition's last 20: never read.
    expect(profile.eventTypes).toEqual([
      { type: "Paid", share: 15 / 40 },
      { type: "OrderPlaced", share: 10 / 40 },
    ]);
    expect(profile.trace).toEqual({ headers: [{ name: "traceparent", share: 10 / 40 }], share: 10 / 40 });
    // 10 texts of 12 bytes, 15 events of 20, 10 of 28.
    expect(profile.valueBytes).toEqual({ min: 12, median: 20, p95: 28, max: 28 });
    expect(suggestTraceTopics([profile])).toEqual([topic]);

    const summaries = await fetch(`${app.url}/api/topics/profiles?topics=${topic}`).then((r) => r.json());
    expect(summaries).toEqual({
      profiles: [{ topic, format: "json", eventTypes: 2, records: 40, traced: true, sampledAt: profile.sampledAt }],
    });
    // A topic the cluster does not have is not a profile to wait for.
    const unknown = await profileOf(`it-profile-none-${suffix()}`);
    expect([unknown.status, (unknown.body as { error: { code: string } }).error.code]).toEqual([404, "UNKNOWN_TOPIC"]);
  });
});
