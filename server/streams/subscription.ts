import type { SubscribeResult, Subscription } from "../contract";
import { subscriptionSchema } from "../contract";
import type { IngestedRecord } from "../kafka/ingested";
import { evaluate, FilterSyntaxError, parseFilter, type FilterInput } from "./filter-lang";

export type RecordFilter = (r: IngestedRecord) => boolean;

/**
 * What a filter reads of a record, once per record for all tabs. Key,
 * headers and value come from the previews a browser gets, built only when
 * an expression reads them: `topic == "orders"` decodes nothing.
 */
const inputs = new WeakMap<IngestedRecord, FilterInput>();
export function filterInput(r: IngestedRecord): FilterInput {
  let input = inputs.get(r);
  if (input) return input;
  let headers: Map<string, string> | undefined;
  let parsed: unknown;
  let tried = false;
  input = {
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    timestamp: r.timestamp,
    get key() {
      const k = r.wire().key;
      return k.encoding === "null" ? null : k.text;
    },
    get headers() {
      if (!headers) {
        headers = new Map<string, string>();
        for (const h of r.wire().headers) if (h.value.encoding !== "null") headers.set(h.name, h.value.text);
      }
      return headers;
    },
    get valueText() {
      const v = r.wire().value;
      return v.encoding === "null" ? null : v.text;
    },
    value: () => {
      if (!tried) {
        tried = true;
        // JSON paths see values whose preview holds the whole JSON (up to 32 KiB).
        const v = r.wire().value;
        if (v.encoding === "json" && !v.truncated) {
          try {
            parsed = JSON.parse(v.text);
          } catch {
            parsed = undefined;
          }
        }
      }
      return parsed;
    },
  };
  inputs.set(r, input);
  return input;
}

/** Validates a subscription from a browser and compiles it to one predicate; never throws. */
export function compileSubscription(raw: unknown): { ok: true; filter: RecordFilter | null; sub: Subscription } | { ok: false; result: SubscribeResult } {
  const parsed = subscriptionSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, result: { ok: false, error: { code: "INVALID_SUBSCRIPTION", message: parsed.error.issues.map((i) => `${i.path.join(".") || "subscription"}: ${i.message}`).join("; ") } } };
  const sub = parsed.data;
  let tree: ReturnType<typeof parseFilter> | null = null;
  if (sub.expr && sub.expr.trim()) {
    try {
      tree = parseFilter(sub.expr);
    } catch (err) {
      if (err instanceof FilterSyntaxError) return { ok: false, result: { ok: false, error: { code: "FILTER_SYNTAX", message: err.message, position: err.position } } };
      throw err;
    }
  }
  const topics = sub.topics?.length ? new Set(sub.topics) : null;
  const checks: RecordFilter[] = [];
  if (topics) checks.push((r) => topics.has(r.topic));
  if (sub.partition !== undefined) checks.push((r) => r.partition === sub.partition);
  if (sub.key) checks.push((r) => r.wire().key.encoding !== "null" && r.wire().key.text.includes(sub.key!));
  if (sub.header) {
    const { name, value } = sub.header;
    checks.push((r) => {
      const h = filterInput(r).headers.get(name);
      return h !== undefined && (value === undefined || h === value);
    });
  }
  if (sub.valueContains) checks.push((r) => r.wire().value.encoding !== "null" && r.wire().value.text.includes(sub.valueContains!));
  if (tree) {
    const t = tree;
    checks.push((r) => evaluate(t, filterInput(r)));
  }
  return { ok: true, sub, filter: checks.length ? (r) => checks.every((c) => c(r)) : null };
}
