import type { SubscribeResult, Subscription } from "../contract";
import { subscriptionSchema } from "../contract";
import type { IngestedRecord } from "../kafka/ingested";
import { evaluate, FilterSyntaxError, parseFilter } from "./filter-lang";

export type RecordFilter = (r: IngestedRecord) => boolean;

/** Validates a subscription from a browser and compiles it to one predicate; never throws. */
export function compileSubscription(
  raw: unknown,
): { ok: true; filter: RecordFilter | null; sub: Subscription } | { ok: false; result: SubscribeResult } {
  const parsed = subscriptionSchema.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      result: {
        ok: false,
        error: {
          code: "INVALID_SUBSCRIPTION",
          message: parsed.error.issues.map((i) => `${i.path.join(".") || "subscription"}: ${i.message}`).join("; "),
        },
      },
    };
  const sub = parsed.data;
  let tree: ReturnType<typeof parseFilter> | null = null;
  if (sub.expr?.trim()) {
    try {
      tree = parseFilter(sub.expr);
    } catch (err) {
      if (err instanceof FilterSyntaxError)
        return {
          ok: false,
          result: { ok: false, error: { code: "FILTER_SYNTAX", message: err.message, position: err.position } },
        };
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
      const h = r.view().header(name);
      return h !== null && (value === undefined || h === value);
    });
  }
  if (sub.valueContains)
    checks.push((r) => r.wire().value.encoding !== "null" && r.wire().value.text.includes(sub.valueContains!));
  if (tree) {
    const t = tree;
    // What an expression reads of a record is its path view (IngestedRecord.view()), built once for all tabs.
    checks.push((r) => evaluate(t, r.view()));
  }
  return { ok: true, sub, filter: checks.length ? (r) => checks.every((c) => c(r)) : null };
}
