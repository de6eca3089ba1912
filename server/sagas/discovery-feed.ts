import type { WireRecord } from "../contract";
import type { ObservedEvent } from "./discovery";

/**
 * Reads a correlation id and event type from a record as the browser sees it
 * (header and value previews), so discovery needs no second copy of every
 * record: headers by their text, value paths from JSON previews that were
 * not truncated.
 */
export function observedFrom(r: WireRecord, correlation: readonly string[], eventType: readonly string[]): ObservedEvent | null {
  let parsed: unknown;
  let tried = false;
  const read = (paths: readonly string[]): string | undefined => {
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
      if (!tried) {
        tried = true;
        if (r.value.encoding === "json" && !r.value.truncated) {
          try {
            parsed = JSON.parse(r.value.text);
          } catch {
            parsed = undefined;
          }
        }
      }
      let cur = parsed;
      for (const part of p.split(".").slice(1)) cur = cur !== null && typeof cur === "object" ? (cur as Record<string, unknown>)[part] : undefined;
      if (typeof cur === "string" && cur) return cur;
      if (typeof cur === "number") return String(cur);
    }
    return undefined;
  };
  const correlationId = read(correlation);
  const type = correlationId ? read(eventType) : undefined;
  return correlationId && type ? { correlationId, type, timestamp: r.timestamp, topic: r.topic } : null;
}
