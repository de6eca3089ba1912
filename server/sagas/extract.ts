import { MAX_JSON_DEPTH, nestsDeeperThan } from "../kafka/preview";

/** A consumed record as the saga engine reads it. */
export interface SagaRecord {
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  /** Last value of each header. */
  headers: ReadonlyMap<string, Buffer | null>;
}

/** Values above this size are not parsed for JSON paths (a 10 MB record must not stall the engine). */
export const MAX_JSON_BYTES = 1024 * 1024;

/** Reads paths from one record, parsing the JSON value at most once. */
export function reader(r: SagaRecord): (paths: readonly string[]) => string | undefined {
  let parsed: unknown = undefined;
  let tried = false;
  const json = () => {
    if (!tried) {
      tried = true;
      if (r.value && r.value.length <= MAX_JSON_BYTES) {
        const text = r.value.toString("utf8");
        try {
          parsed = nestsDeeperThan(text, MAX_JSON_DEPTH) ? undefined : JSON.parse(text);
        } catch {
          parsed = undefined;
        }
      }
    }
    return parsed;
  };
  const one = (p: string): string | undefined => {
    if (p === "key") return r.key?.toString("utf8") || undefined;
    if (p.startsWith("headers.")) {
      const v = r.headers.get(p.slice("headers.".length));
      return v ? v.toString("utf8") || undefined : undefined;
    }
    let cur = json();
    for (const part of p.split(".").slice(1)) {
      if (cur === null || typeof cur !== "object") return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
    return typeof cur === "string" ? cur || undefined : typeof cur === "number" || typeof cur === "boolean" ? String(cur) : undefined;
  };
  return (paths) => {
    for (const p of paths) {
      const v = one(p);
      if (v !== undefined) return v;
    }
    return undefined;
  };
}
