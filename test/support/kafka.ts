// Test support shared by the integration tests and the e2e specs: kcat, and reading a partition back.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";

/**
 * Runs kcat, the real third-party Kafka client, with `args` (they name the
 * broker with -b) and `input` on stdin; resolves with its stdout.
 */
export function kcat(args: string[], input?: string | Buffer, opts: { timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "kcat",
      args,
      { encoding: "buffer", maxBuffer: 64 * 1024 * 1024, timeout: opts.timeoutMs ?? 0 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`kcat ${args.join(" ")} failed: ${stderr.toString()}`));
        else resolve(stdout.toString());
      },
    );
    child.stdin?.end(input ?? "");
  });
}

export interface ReadBack {
  offset: string;
  key: string | null;
  value: string;
  /** The last value of each header. */
  headers: Record<string, string>;
}

/**
 * Every record of one partition below the end offset it has when called,
 * read with a fresh consumer group. It returns when the consumer has passed
 * that end offset, so a count taken from it is exact for everything written
 * before the call, with no waiting "for stragglers".
 */
export async function readToEnd(
  brokers: string,
  topic: string,
  partition: number,
  timeoutMs = 30_000,
): Promise<ReadBack[]> {
  const kafka = new Kafka({
    clientId: `read-${randomBytes(3).toString("hex")}`,
    brokers: brokers.split(","),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = (await admin.fetchTopicOffsets(topic)).find((p) => p.partition === partition);
    if (!offsets) throw new Error(`${topic} has no partition ${partition}`);
    const end = BigInt(offsets.high);
    if (end <= BigInt(offsets.low)) return [];
    const groupId = `read-${randomBytes(6).toString("hex")}`;
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    const got: ReadBack[] = [];
    let reached: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (reached = resolve));
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          if (batch.partition !== partition) return;
          for (const m of batch.messages) {
            if (BigInt(m.offset) >= end) break;
            const headers = Object.fromEntries(
              Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(Array.isArray(v) ? v.at(-1) : v)]),
            );
            got.push({ offset: m.offset, key: m.key?.toString() ?? null, value: m.value?.toString() ?? "", headers });
          }
          // lastOffset() counts control records too, so a transactional tail still ends the read.
          if (BigInt(batch.lastOffset()) + 1n >= end) reached();
        },
      });
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>(
        (_, reject) =>
          (timer = setTimeout(
            () =>
              reject(
                new Error(
                  `timed out after ${timeoutMs} ms reading ${topic}/${partition} up to offset ${end} (got ${got.length})`,
                ),
              ),
            timeoutMs,
          )),
      );
      await Promise.race([done, deadline]).finally(() => clearTimeout(timer));
      return got;
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
  } finally {
    await admin.disconnect();
  }
}
