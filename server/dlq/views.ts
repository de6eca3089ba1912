import type {
  DeadLetterDetail,
  DeadLetterStatus,
  DeadLetterSummary,
  RedriveView,
  ReplayState,
  ReplayView,
} from "../contract";
import { preview } from "../kafka/preview";
import type { Masker } from "../security/masking";
import type { Redriver } from "./redrive";
import { headersFromJson, infoOf, type DeadLetterRow, type ReplayRow } from "./repo";

/** How stored dead letters, replays and redrives are answered: masked, bytes as previews, dates as ISO strings. */

/** A dead letter is masked by the rules of its own topic and of the topic it came from. */
export const maskTopics = (topic: string, info: ReturnType<typeof infoOf>): string[] =>
  info.origin.topic ? [topic, info.origin.topic] : [topic];

export function summaryView(row: Omit<DeadLetterRow, "value">, masking: Masker): DeadLetterSummary {
  const info = infoOf(row);
  return {
    id: row.id,
    topic: row.topic,
    partition: row.partition,
    offset: row.offset.toString(),
    timestamp: row.timestamp.getTime(),
    status: row.status as DeadLetterStatus,
    attempts: row.attempts,
    conventions: info.conventions,
    origin: info.origin,
    error: { className: info.error.className, causeClassName: info.error.causeClassName, message: info.error.message },
    key: preview(
      masking.apply(maskTopics(row.topic, info), { key: row.key ? Buffer.from(row.key) : null, value: null }).key,
    ),
    size: row.size,
    previousId: row.previousId,
    createdAt: row.createdAt.toISOString(),
  };
}

export const replayView = (r: ReplayRow): ReplayView => ({
  id: r.id,
  attempt: r.attempt,
  state: r.state as ReplayState,
  targetTopic: r.targetTopic,
  operator: r.operator,
  reason: r.reason,
  edited: r.edited,
  redriveId: r.redriveId,
  error: r.error,
  resultPartition: r.resultPartition,
  resultOffset: r.resultOffset,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** Finds the saga instances a record belongs to, given the topic it was meant for. */
export type SagaLinker = (r: {
  topic: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Array<{ name: string; value: Buffer | null }>;
}) => DeadLetterDetail["sagas"];

export function detailView(
  row: DeadLetterRow & { replays: ReplayRow[] },
  masking: Masker,
  linkSagas?: SagaLinker,
): DeadLetterDetail {
  const info = infoOf(row);
  const headers = headersFromJson(row.headers);
  const topics = maskTopics(row.topic, info);
  const sagas =
    linkSagas && info.origin.topic
      ? linkSagas({
          topic: info.origin.topic,
          key: row.key ? Buffer.from(row.key) : null,
          value: row.value ? Buffer.from(row.value) : null,
          headers,
        })
      : [];
  return {
    ...summaryView(row, masking),
    error: info.error,
    keyError: info.keyError ?? null,
    value: preview(masking.applyToValue(topics, row.value ? Buffer.from(row.value) : null)),
    headers: masking.headerList(topics, headers).map((h) => ({ name: h.name, value: preview(h.value) })),
    masked: topics.some((t) => masking.covers(t)),
    resolvedReason: row.resolvedReason,
    replays: row.replays.map(replayView),
    sagas,
  };
}

/** The value as downloaded: whole, masked like the detail. */
export const maskedValue = (row: DeadLetterRow, masking: Masker): Buffer =>
  masking.applyToValue(maskTopics(row.topic, infoOf(row)), Buffer.from(row.value ?? new Uint8Array())) ??
  Buffer.alloc(0);

type RedriveRecord = NonNullable<Awaited<ReturnType<Redriver["view"]>>>;
export const redriveView = (r: RedriveRecord, withResults: boolean): RedriveView => ({
  id: r.id,
  dltTopic: r.dltTopic,
  filter: r.filter as RedriveView["filter"],
  ratePerSec: r.ratePerSec,
  targetTopic: r.targetTopic,
  state: r.state as RedriveView["state"],
  total: r.total,
  operator: r.operator,
  reason: r.reason,
  createdAt: r.createdAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
  counts: r.counts,
  ...(withResults ? { results: r.results as RedriveView["results"] } : {}),
});
