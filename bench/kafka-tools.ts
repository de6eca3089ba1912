import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cacheDir, ensureKafkaJars, kafkaVersion } from "../tools/kafka-broker/jars";

/**
 * Kafka's own load tools (org.apache.kafka:kafka-tools, ProducerPerformance)
 * from Maven Central, next to the broker's jars in the cache, fetched once:
 * a producer in a JVM of its own, so its work is not counted as the
 * dashboard's.
 */
export async function ensureKafkaTools(): Promise<string> {
  const libs = await ensureKafkaJars();
  const dir = path.join(cacheDir(), "tools");
  const marker = path.join(dir, "complete");
  if (!existsSync(marker)) {
    mkdirSync(dir, { recursive: true });
    const r = spawnSync(
      "mvn",
      [
        "-B",
        "-q",
        "dependency:copy",
        `-Dartifact=org.apache.kafka:kafka-tools:${kafkaVersion()}`,
        `-DoutputDirectory=${dir}`,
      ],
      { encoding: "utf8", cwd: dir },
    );
    if (r.status !== 0) throw new Error(`mvn could not fetch kafka-tools ${kafkaVersion()}: ${r.stdout}${r.stderr}`);
    writeFileSync(marker, new Date().toISOString());
  }
  return `${libs}/*:${dir}/*`;
}

export interface PerfResult {
  records: number;
  recordsPerSec: number;
}

/** Runs ProducerPerformance: `records` of `size` bytes at `perSec`; resolves with what it reports at the end. */
export async function producerPerformance(opts: {
  brokers: string;
  topic: string;
  records: number;
  size: number;
  perSec: number;
}): Promise<PerfResult> {
  const classpath = await ensureKafkaTools();
  const args = [
    "-cp",
    classpath,
    "-Xmx512m",
    "org.apache.kafka.tools.ProducerPerformance",
    "--topic",
    opts.topic,
    "--num-records",
    String(opts.records),
    "--record-size",
    String(opts.size),
    "--throughput",
    String(opts.perSec),
    "--producer-props",
    `bootstrap.servers=${opts.brokers}`,
    "acks=1",
    "linger.ms=5",
  ];
  return new Promise((resolve, reject) => {
    const p = spawn("java", args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (c: Buffer) => (out += c.toString()));
    p.stderr.on("data", (c: Buffer) => (out += c.toString()));
    p.on("error", reject);
    p.on("exit", (code) => {
      // "750000 records sent, 49996.7 records/sec (9.54 MB/sec), …" (the last line is the total).
      const m = [...out.matchAll(/(\d+) records sent, ([\d.]+) records\/sec/g)].pop();
      if (code !== 0 || !m) return reject(new Error(`ProducerPerformance exited with ${code}:\n${out.slice(-2000)}`));
      resolve({ records: Number(m[1]), recordsPerSec: Number(m[2]) });
    });
  });
}
