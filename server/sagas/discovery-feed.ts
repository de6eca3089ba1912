import type { IngestedRecord } from "../kafka/ingested";
import { preview } from "../kafka/preview";
import type { ObservedEvent } from "./discovery";

/** A configured path, split once: `key`, `headers.<name>` or `value.<json.path>`. */
type Path = { kind: "key" } | { kind: "header"; name: string } | { kind: "value"; parts: string[] };

const HEADERS = "headers.";
const compile = (paths: readonly string[]): Path[] =>
  paths.map((p) => (p === "key" ? { kind: "key" } : p.startsWith(HEADERS) ? { kind: "header", name: p.slice(HEADERS.length) } : { kind: "value", parts: p.split(".").slice(1) }));

/**
 * Reads a correlation id and event type from a record as the browser would
 * see it (header and value previews), so discovery needs no second copy of
 * every record: headers by their text, value paths from JSON previews that
 * were not truncated. Paths are split once; only what a path names is
 * decoded, so with the default header paths a record without those headers
 * costs a few property lookups.
 */
export function eventObserver(correlation: readonly string[], eventType: readonly string[]): (r: IngestedRecord) => ObservedEvent | null {
  const ids = compile(correlation);
  const types = compile(eventType);
  return (r) => {
    // One parse of the value at most, shared by both lookups; made only when a value path is reached.
    const value: ParsedValue = { tried: false, parsed: undefined };
    const correlationId = read(r, ids, value);
    const type = correlationId ? read(r, types, value) : undefined;
    return correlationId && type ? { correlationId, type, timestamp: r.timestamp, topic: r.topic } : null;
  };
}

/** `eventObserver` for one record (tests, callers with paths that change). */
export function observedFrom(r: IngestedRecord, correlation: readonly string[], eventType: readonly string[]): ObservedEvent | null {
  return eventObserver(correlation, eventType)(r);
}

interface ParsedValue {
  tried: boolean;
  parsed: unknown;
}

function read(r: IngestedRecord, paths: readonly Path[], value: ParsedValue): string | undefined {
  for (const p of paths) {
    if (p.kind === "key") {
      if (r.message.key === null) continue;
      const key = r.key();
      if (key.encoding === "text" && key.text) return key.text;
      continue;
    }
    if (p.kind === "header") {
      const raw = r.lastHeader(p.name);
      if (raw === undefined || raw === null) continue;
      const h = preview(raw);
      if ((h.encoding === "text" || h.encoding === "json") && !h.truncated && h.text) return h.text;
      continue;
    }
    if (!value.tried) {
      value.tried = true;
      const v = r.value();
      if (v.encoding === "json" && !v.truncated) {
        try {
          value.parsed = JSON.parse(v.text);
        } catch {
          value.parsed = undefined;
        }
      }
    }
    let cur = value.parsed;
    for (const part of p.parts) cur = cur !== null && typeof cur === "object" ? (cur as Record<string, unknown>)[part] : undefined;
    if (typeof cur === "string" && cur) return cur;
    if (typeof cur === "number") return String(cur);
  }
  return undefined;
}
