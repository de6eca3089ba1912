import type { KafkaRecord } from "../kafka/normalise";
import { bytesView, parseRecordPaths, readText } from "../records/path";

/** A consumed record as the saga engine reads it: the domain record, bytes as consumed (server/kafka/normalise.ts). */
export type SagaRecord = KafkaRecord;

/** Reads paths (`headers.saga-id`, `key`, `value.order.id`; rules in server/records/path.ts) from one record, parsing the JSON value at most once. */
export function reader(r: SagaRecord): (paths: readonly string[]) => string | undefined {
  const view = bytesView(r);
  return (paths) => readText(view, parseRecordPaths(paths));
}
