import type { IngestedRecord } from "../kafka/ingested";
import { parseRecordPaths, readText } from "../records/path";
import type { ObservedEvent } from "./discovery";

/**
 * Reads a correlation id and event type from a record as the browser would
 * see it (`IngestedRecord.view()`: masked, decoded), with the record-path
 * rules of server/records/path.ts, so discovery needs no second copy of
 * every record. Paths are parsed once (settings that are not paths are left
 * out); only what a path names is decoded, so with the default header paths
 * a record without those headers costs a few property lookups, and the value
 * is parsed at most once, only when a value path is reached.
 */
export function eventObserver(
  correlation: readonly string[],
  eventType: readonly string[],
): (r: IngestedRecord) => ObservedEvent | null {
  const ids = parseRecordPaths(correlation);
  const types = parseRecordPaths(eventType);
  return (r) => {
    const view = r.view();
    const correlationId = readText(view, ids);
    const type = correlationId ? readText(view, types) : undefined;
    return correlationId && type ? { correlationId, type, timestamp: r.timestamp, topic: r.topic } : null;
  };
}

/** `eventObserver` for one record (tests, callers with paths that change). */
export function observedFrom(
  r: IngestedRecord,
  correlation: readonly string[],
  eventType: readonly string[],
): ObservedEvent | null {
  return eventObserver(correlation, eventType)(r);
}
