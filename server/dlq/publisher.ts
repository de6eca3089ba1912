import type { Kafka, Producer } from "kafkajs";
import type { Logger } from "../log";
import type { RawHeader } from "./headers";

export interface OutgoingRecord {
  topic: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: RawHeader[];
}

export interface Published {
  partition: number;
  offset: string;
}

export interface Publisher {
  publish(r: OutgoingRecord): Promise<Published>;
  close(): Promise<void>;
}

/**
 * The producer operator actions publish with: idempotent (the broker drops a
 * retried duplicate of a send), acks from all in-sync replicas, no topic
 * auto-creation (a typo in a target topic is an error, not a new topic).
 * Connected on first use; after a failure it is dropped and the next publish
 * connects afresh, so a broker restart costs one failed attempt at most.
 */
export function createPublisher(kafka: Kafka, log: Logger): Publisher {
  let producer: Promise<Producer> | null = null;
  const connect = () => {
    const p = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: 3 },
    });
    return p.connect().then(() => p);
  };
  const drop = async () => {
    const p = producer;
    producer = null;
    await p?.then((x) => x.disconnect()).catch((err: unknown) => log.debug("producer disconnect failed", { err }));
  };
  return {
    async publish(r) {
      try {
        producer ??= connect();
        const p = await producer;
        const headers: Record<string, Buffer[]> = {};
        for (const h of r.headers) if (h.value !== null) (headers[h.name] ??= []).push(h.value);
        const [meta] = await p.send({
          topic: r.topic,
          acks: -1,
          timeout: 10_000,
          messages: [{ key: r.key, value: r.value, headers }],
        });
        if (!meta) throw new Error("the broker returned no metadata for the record");
        return { partition: meta.partition, offset: meta.baseOffset ?? meta.offset ?? "" };
      } catch (err) {
        await drop();
        throw err;
      }
    },
    close: drop,
  };
}
