/**
 * Offsets without records: one sample of every partition's start and end
 * offsets at N topics × 2 partitions, the offset sampler (@platformatic/kafka,
 * one ListOffsets request per broker and side) against kafkajs'
 * admin.fetchTopicOffsets per topic (what kafkajs offers: one topic per call,
 * each through its metadata lock). Median of a few rounds of each, on the
 * real local broker.
 */
import { connectionFromEnv, createKafka } from "../server/kafka/client";
import { createLogger } from "../server/log";
import { platformaticOffsetClient } from "../server/offsets/client";
import { createOffsetSampler } from "../server/offsets/sampler";
import { startLocalBroker } from "../tools/kafka-broker/broker";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function offsetsBench(
  topicCount = 500,
  rounds = 5,
): Promise<{ topics: number; partitions: number; samplerMs: number; kafkajsMs: number; kafkajsParallelMs: number }> {
  const broker = await startLocalBroker({ log: () => undefined });
  try {
    const conn = connectionFromEnv(broker.brokers.split(","), broker.started);
    const kafka = createKafka(conn, { clientId: "bench-offsets", retry: {} });
    const prefix = `bench-offsets-${Date.now().toString(36)}`;
    const names = Array.from({ length: topicCount }, (_, i) => `${prefix}-${i}`);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: names.map((topic) => ({ topic, numPartitions: 2 })), waitForLeaders: true });
    try {
      // The sampler samples the whole cluster; the bench's broker holds these topics (and what earlier benches left).
      const sampler = createOffsetSampler({
        client: platformaticOffsetClient(conn, "bench-offsets-sampler"),
        log: createLogger("error"),
        now: () => performance.now(),
        intervalMs: 60_000,
        refreshMs: Number.POSITIVE_INFINITY,
      });
      // Warm up (topic list, connections). Right after 500 topics are made some partitions may still
      // answer with a leader error, which fails the whole ListOffsets response: retry until one passes.
      for (let tries = 0; ; tries++) {
        const err = await sampler.sample();
        if (!err) break;
        if (tries === 30) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
      const ours: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const t = performance.now();
        const err = await sampler.sample();
        if (err) throw err;
        ours.push(performance.now() - t);
      }
      for (const n of names) if (sampler.topic(n)?.partitions.length !== 2) throw new Error(`the sampler missed ${n}`);
      const partitions = sampler.topics().reduce((s, t) => s + t.partitions, 0);
      await sampler.stop();

      // kafkajs: per topic, one after the other, and all at once (the lock serialises them).
      await admin.fetchTopicOffsets(names[0]!);
      const sequential: number[] = [];
      const parallel: number[] = [];
      for (let i = 0; i < rounds; i++) {
        let t = performance.now();
        for (const n of names) await admin.fetchTopicOffsets(n);
        sequential.push(performance.now() - t);
        t = performance.now();
        await Promise.all(names.map((n) => admin.fetchTopicOffsets(n)));
        parallel.push(performance.now() - t);
      }
      return {
        topics: topicCount,
        partitions,
        samplerMs: median(ours),
        kafkajsMs: median(sequential),
        kafkajsParallelMs: median(parallel),
      };
    } finally {
      await admin.deleteTopics({ topics: names }).catch(() => undefined);
      await admin.disconnect();
    }
  } finally {
    await broker.stop();
  }
}

// Alone: npx tsx bench/offsets.ts [topics]
if (process.argv[1]?.endsWith("offsets.ts")) console.log(await offsetsBench(Number(process.argv[2] ?? 500)));
