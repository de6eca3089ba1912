import { CompressionTypes, type Message, type Producer } from "kafkajs";
import type { DemoServiceName } from "../contract";
import type { DemoDb } from "./db";

/** The slice of a Prisma client (or transaction) that writes outbox rows. */
type OutboxWriter = Pick<DemoDb, "demoOutbox">;

export interface OutboxEntry {
  service: DemoServiceName;
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
  compressed?: boolean;
  availableAt?: Date;
}

/** Writes outbox rows; call inside the transaction that changes the service's state. */
export async function writeOutbox(tx: OutboxWriter, entries: readonly OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.demoOutbox.createMany({
    data: entries.map((e) => ({
      service: e.service,
      topic: e.topic,
      key: e.key,
      value: new Uint8Array(e.value),
      headers: JSON.stringify(e.headers),
      compressed: e.compressed ?? false,
      ...(e.availableAt ? { availableAt: e.availableAt } : {}),
    })),
  });
}

interface Row {
  id: number;
  service: string;
  topic: string;
  key: string;
  value: Uint8Array;
  headers: string;
  compressed: boolean;
}

/**
 * Splits rows (in id order) into sends: consecutive rows with the same
 * compression go in one request, one message list per topic; ids keep their
 * order within a topic. `twice(row)` says whether to deliver a row a second
 * time (the duplicate-injection lever).
 */
export function planSends(
  rows: readonly Row[],
  twice: (row: Row) => boolean,
): Array<{ compressed: boolean; topicMessages: Array<{ topic: string; messages: Message[] }> }> {
  const sends: Array<{ compressed: boolean; topics: Map<string, Message[]> }> = [];
  for (const r of rows) {
    let last = sends.at(-1);
    if (!last || last.compressed !== r.compressed) sends.push((last = { compressed: r.compressed, topics: new Map() }));
    const list = last.topics.get(r.topic) ?? [];
    last.topics.set(r.topic, list);
    const message: Message = {
      key: r.key,
      value: Buffer.from(r.value),
      headers: JSON.parse(r.headers) as Record<string, string>,
    };
    list.push(message);
    if (twice(r)) list.push(message);
  }
  return sends.map((s) => ({
    compressed: s.compressed,
    topicMessages: [...s.topics].map(([topic, messages]) => ({ topic, messages })),
  }));
}

export interface Relay {
  /** Publishes soon rather than at the next poll. */
  wake(): void;
  /** Unsent rows per service (including delayed ones not due yet). */
  backlog(): Promise<Map<string, number>>;
  stop(): Promise<void>;
}

/**
 * The outbox relay: publishes unsent rows in id order and stamps them sent.
 * At least once: a crash between the send and the stamp publishes those rows
 * again, which is what the consumers' processed-id check is for.
 */
export function startRelay(deps: {
  db: DemoDb;
  producer: Producer;
  log: (msg: string, fields?: Record<string, unknown>) => void;
  onSent: (service: string, count: number) => void;
  /** True to send this row a second time (duplicate injection). */
  duplicate: () => boolean;
  batch?: number;
  pollMs?: number;
}): Relay {
  const batch = deps.batch ?? 200;
  const pollMs = deps.pollMs ?? 100;
  let stopped = false;
  let wakeUp: (() => void) | null = null;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        wakeUp = null;
        resolve();
      }, ms);
      wakeUp = () => {
        clearTimeout(t);
        wakeUp = null;
        resolve();
      };
    });

  async function once(): Promise<number> {
    const rows = await deps.db.demoOutbox.findMany({
      where: { sentAt: null, availableAt: { lte: new Date() } },
      orderBy: { id: "asc" },
      take: batch,
    });
    if (rows.length === 0) return 0;
    for (const send of planSends(rows, () => deps.duplicate())) {
      await deps.producer.sendBatch({
        topicMessages: send.topicMessages,
        ...(send.compressed ? { compression: CompressionTypes.GZIP } : {}),
      });
    }
    await deps.db.demoOutbox.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { sentAt: new Date() } });
    const perService = new Map<string, number>();
    for (const r of rows) perService.set(r.service, (perService.get(r.service) ?? 0) + 1);
    for (const [service, n] of perService) deps.onSent(service, n);
    return rows.length;
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        const n = await once();
        if (n < batch) await pause(pollMs);
      } catch (err) {
        // The rows stay unsent and go out when the broker or database is back.
        deps.log("outbox relay failed; retrying in 1 s", { err: String(err) });
        await pause(1000);
      }
    }
  })();

  return {
    wake: () => wakeUp?.(),
    async backlog() {
      const groups = await deps.db.demoOutbox.groupBy({
        by: ["service"],
        where: { sentAt: null },
        _count: { _all: true },
      });
      return new Map(groups.map((g) => [g.service, g._count._all]));
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      await loop;
    },
  };
}
