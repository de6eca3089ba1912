import type { WireRecord } from "../contract";
import type { ObservedEvent } from "./discovery";

/**
 * Reads a correlation id and event type from a record as the browser sees it
 * (header and value previews), so discovery needs no second copy of every
 * record: headers by their text, value paths from JSON previews that were
 * not truncated.
 */
export function observedFrom(r: WireRecord, correlation: readonly string[], eventType: readonly string[]): ObservedEvent | null {
  // One parse of the value at most, shared by both lookups (a plain object, not a closure per record: this runs for every record).
  const value: ParsedValue = { tried: false, parsed: undefined };
  const correlationId = read(r, correlation, value);
  const type = correlationId ? read(r, eventType, value) : undefined;
  return correlationId && type ? { correlationId, type, timestamp: r.timestamp, topic: r.topic } : null;
}

interface ParsedValue {
  tried: boolean;
  parsed: unknown;
}

function read(r: WireRecord, paths: readonly string[], value: ParsedValue): string | undefined {
  for (const p of paths) {
    if (p === "key") {
      if (r.key.encoding === "text" && r.key.text) return r.key.text;
      continue;
    }
    if (p.startsWith("headers.")) {
      const name = p.slice("headers.".length);
      const h = r.headers.findLast((x) => x.name === name);
      if (h && (h.value.encoding === "text" || h.value.encoding === "json") && !h.value.truncated && h.value.text) return h.value.text;
      continue;
    }
    if (!value.tried) {
      value.tried = true;
      if (r.value.encoding === "json" && !r.value.truncated) {
        try {
          value.parsed = JSON.parse(r.value.text);
        } catch {
          value.parsed = undefined;
        }
      }
    }
    let cur = value.parsed;
    for (const part of p.split(".").slice(1)) cur = cur !== null && typeof cur === "object" ? (cur as Record<string, unknown>)[part] : undefined;
    if (typeof cur === "string" && cur) return cur;
    if (typeof cur === "number") return String(cur);
  }
  return undefined;
}
