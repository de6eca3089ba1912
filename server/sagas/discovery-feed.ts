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
  // Every record of a topic no definition covers passes here: when every correlation path is a header, a
  // record carrying none of those headers has no id, so it is skipped without building its path view
  // (which costs about 1 µs and stays on the record). The same answer as reading the view, only cheaper.
  const headerNames = ids.every((p) => p.root === "headers") ? ids.map((p) => p.parts[0]!) : null;
  const mayCorrelate = (r: IngestedRecord) =>
    headerNames === null ||
    headerNames.some((n) => {
      const h = r.lastHeader(n);
      return h !== undefined && h !== null;
    });
  return (r) => {
    if (!mayCorrelate(r)) return null;
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
