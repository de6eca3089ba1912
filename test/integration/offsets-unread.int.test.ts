import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { noSecurity } from "../../server/kafka/client";
import { platformaticOffsetClient } from "../../server/offsets/client";
import { createOffsetSampler } from "../../server/offsets/sampler";
import { openStore } from "../../server/store";
import { dropFreshDatabases, freshUrl } from "../../server/store/test-db";
import { topicsCapability } from "../../server/streams";
import { kcat, quietLog, suffix, testKafka, waitFor } from "./helpers";

const brokers = inject("brokers");
const kafka = testKafka(brokers);
afterAll(() => dropFreshDatabases());

describe("a topic that is not read", () => {
  it("gets its totals, 10 s buckets and records/s from offsets, exactly what kcat produced, and bytes/s from log sizes", async () => {
    const topic = `it-unread-${suffix()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();

    const store = await openStore({
      databaseUrl: await freshUrl(process.env.IT_DATABASE_URL ? "postgresql" : "sqlite"),
      dataDir: mkdtempSync(path.join(os.tmpdir(), "it-unread-")),
    });
    // refreshMs 0: every sample lists the topics; the timers are far off, the test samples by hand.
    const sampler = createOffsetSampler({
      client: platformaticOffsetClient({ brokers: brokers.split(","), security: noSecurity }, `it-unread-${suffix()}`),
      log: quietLog(),
      now: Date.now,
      intervalMs: 600_000,
      refreshMs: 0,
      logSizeMs: 0,
    });
    const topics = await topicsCapability({
      store,
      log: quietLog(),
      topics: () => [],
      isDeadLetter: () => false,
      isRead: (t) => t !== topic,
      offsets: sampler,
      broadcast: () => undefined,
      statsFlushMs: 600_000,
      retentionHours: 24,
    });
    const row = () => topics.overview().topics.find((t) => t.topic === topic);
    try {
      topics.start();
      // The first sample of the topic counts nothing (it has no interval yet), whatever the log holds.
      await waitFor("a sample of the new topic", async () => (await sampler.sample()) === undefined && row());
      // The log sizes before: bytes/s is their growth until the next.
      await sampler.sampleLogSizes();
      expect(row()).toMatchObject({ totalRecords: 0, source: "offsets", bytesEstimated: true });

      // 300 records to partition 0 and 200 to partition 1, 100 bytes each, by kcat (nothing reads them).
      const value = "x".repeat(100);
      const lines = (n: number) => `${Array.from({ length: n }, () => value).join("\n")}\n`;
      await kcat(["-b", brokers, "-P", "-t", topic, "-p", "0"], lines(300));
      await kcat(["-b", brokers, "-P", "-t", topic, "-p", "1"], lines(200));
      await waitFor("the end offsets at 500", async () => {
        await sampler.sample();
        return sampler.topic(topic)?.endOffset === 500;
      });
      await sampler.sampleLogSizes();

      const r = row()!;
      expect(r.totalRecords).toBe(500);
      expect(r.totalBytes).toBe(0);
      expect(r.source).toBe("offsets");
      expect(r.recordsPerSec).toBeGreaterThan(0);
      // The sparkline (complete seconds) holds them all once the second of the last sample has passed.
      const sparkSum = () => row()!.spark.reduce((a, b) => a + b, 0);
      await waitFor("the sparkline to hold every record", () => Math.abs(sparkSum() - 500) < 1e-6);
      // The test broker has no authorizer, so DescribeLogDirs answers (a refusal is sampler.test.ts's case):
      // the leaders' logs grew by the 50 kB of values and more between the two log-size samples.
      expect(sampler.logSizes()).toEqual({ state: "ok", reason: null });
      expect(r.bytesPerSec).toBeGreaterThan(0);
      expect(r.bytesEstimated).toBe(true);
    } finally {
      await topics.stop();
    }
    // Stopping flushed the counts: totals and buckets persisted, as for a topic read.
    const stat = (await store.listTopicStats()).find((s) => s.topic === topic);
    expect(stat?.records).toBe(500n);
    const now = Math.floor(Date.now() / 1000);
    const buckets = await store.throughputBuckets(topic, -1, now - 3600, now + 60);
    expect(buckets.reduce((n, b) => n + b.records, 0)).toBe(500);
    await store.close();
  });
});
