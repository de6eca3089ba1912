import type { Capability } from "../capability";
import type { IngestedBatch } from "./ingested";
import { normalise, type RawMessage } from "./normalise";

/**
 * What ingest hands each batch to, from the capabilities' declarations: the
 * counted batch to every `onBatch`, and the whole records, normalised once,
 * to every capability whose `reads.select` wants the topic. Cost per batch:
 * one topic test per reading capability; per record: one normalisation when
 * any capability reads the topic, nothing otherwise.
 */
export function fanOut(caps: readonly Capability[], now: () => number = Date.now) {
  const counting = caps.filter((c) => c.onBatch);
  const reading = caps.filter((c) => c.reads);
  const readers = (topic: string) => reading.filter((c) => c.reads!.select(topic));
  return {
    keepWhole: {
      select: (topic: string) => reading.some((c) => c.reads!.select(topic)),
      take: async (topic: string, partition: number, messages: readonly RawMessage[]) => {
        const records = messages.map((m) => normalise(topic, partition, m));
        for (const c of readers(topic)) await c.reads!.take(records);
      },
    },
    onBatch: (batch: IngestedBatch) => {
      const t = now();
      for (const c of counting) c.onBatch!(batch, t);
    },
  };
}
