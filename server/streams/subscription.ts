import type { SubscribeResult, Subscription, WireRecord } from "../contract";
import { subscriptionSchema } from "../contract";
import { evaluate, FilterSyntaxError, parseFilter, type FilterInput } from "./filter-lang";

export type RecordFilter = (r: WireRecord) => boolean;

/** What a filter reads of a record: built from the previews a browser gets, once per record. */
const inputs = new WeakMap<WireRecord, FilterInput>();
export function filterInput(r: WireRecord): FilterInput {
  let input = inputs.get(r);
  if (input) return input;
  const headers = new Map<string, string>();
  for (const h of r.headers) if (h.value.encoding !== "null") headers.set(h.name, h.value.text);
  let parsed: unknown;
  let tried = false;
  input = {
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    timestamp: r.timestamp,
    key: r.key.encoding === "null" ? null : r.key.text,
    headers,
    valueText: r.value.encoding === "null" ? null : r.value.text,
    value: () => {
      if (!tried) {
        tried = true;
        // JSON paths see values whose preview holds the whole JSON (up to 32 KiB).
        if (r.value.encoding === "json" && !r.value.truncated) {
          try {
            parsed = JSON.parse(r.value.text);
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
  if (sub.key) checks.push((r) => r.key.encoding !== "null" && r.key.text.includes(sub.key!));
  if (sub.header) {
    const { name, value } = sub.header;
    checks.push((r) => {
      const h = filterInput(r).headers.get(name);
      return h !== undefined && (value === undefined || h === value);
    });
  }
  if (sub.valueContains) checks.push((r) => r.value.encoding !== "null" && r.value.text.includes(sub.valueContains!));
  if (tree) {
    const t = tree;
    checks.push((r) => evaluate(t, filterInput(r)));
  }
  return { ok: true, sub, filter: checks.length ? (r) => checks.every((c) => c(r)) : null };
}
