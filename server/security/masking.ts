import { z } from "zod";
import { globToRegex } from "../dlq/patterns";

/**
 * Masking rules: applied on the server to every key, header and value before
 * it reaches a browser or the REST API (live stream, records read on demand,
 * whole-value downloads, traces, dead letters). Kafka itself is never changed:
 * a retry republishes the original record.
 *
 *   MASKING_RULES='[{"topics":"payments*","fields":["value.card.number","headers.authorization","key"],"patterns":["\\b\\d{13,19}\\b"]}]'
 *
 * `topics` is a glob (`*` = any characters). `fields`: `key`, `value.<path>`
 * (dot path into JSON; arrays are walked, `*` matches any property) or
 * `headers.<name>` (case-insensitive). `patterns`: regular expressions
 * replaced wherever they match in the key, the value and header values read
 * as text (binary content that is not UTF-8 is left to the field rules).
 */
export const MASK = "•••masked•••";

export const maskRuleSchema = z
  .object({
    topics: z.string().min(1),
    fields: z
      .array(
        z.string().regex(/^(key|value(\.[^.]+)+|headers\.[^.].*)$/, "a field is key, value.<path> or headers.<name>"),
      )
      .default([]),
    patterns: z
      .array(
        z.string().refine((p) => {
          try {
            new RegExp(p, "g");
            return true;
          } catch {
            return false;
          }
        }, "not a valid regular expression"),
      )
      .default([]),
  })
  .strict();
export const maskRulesSchema = z.array(maskRuleSchema);
export type MaskRule = z.input<typeof maskRuleSchema>;

interface Compiled {
  topic: RegExp;
  key: boolean;
  valuePaths: string[][];
  headers: Set<string>;
  patterns: RegExp[];
}

export interface Maskable {
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

export class Masker {
  private readonly rules: Compiled[];
  private readonly byTopic = new Map<string, Compiled | null>();

  constructor(rules: readonly MaskRule[] = []) {
    this.rules = maskRulesSchema.parse(rules).map((r) => ({
      topic: globToRegex(r.topics),
      key: r.fields.includes("key"),
      valuePaths: r.fields.filter((f) => f.startsWith("value.")).map((f) => f.split(".").slice(1)),
      headers: new Set(
        r.fields.filter((f) => f.startsWith("headers.")).map((f) => f.slice("headers.".length).toLowerCase()),
      ),
      patterns: r.patterns.map((p) => new RegExp(p, "g")),
    }));
  }

  /** Whether any rule applies to the topic (edits of a masked record would republish the mask). */
  covers(topic: string): boolean {
    return this.ruleFor(topic) !== null;
  }

  /** The record as browsers may see it: a masked copy, or the same object when no rule applies. */
  apply<T extends Maskable>(topics: string | readonly string[], m: T): T {
    let out = m;
    for (const topic of typeof topics === "string" ? [topics] : topics) {
      const rule = this.ruleFor(topic);
      if (rule) out = maskWith(rule, out);
    }
    return out;
  }

  /** Masks headers kept as a list (dead letters store them so, repeats included). */
  headerList<H extends { name: string; value: Buffer | null }>(topics: readonly string[], list: readonly H[]): H[] {
    let out = [...list];
    for (const topic of topics) {
      const rule = this.ruleFor(topic);
      if (!rule) continue;
      out = out.map((h) =>
        h.value === null
          ? h
          : {
              ...h,
              value: rule.headers.has(h.name.toLowerCase()) ? Buffer.from(MASK) : maskText(h.value, rule.patterns),
            },
      );
    }
    return out;
  }

  /** Masks raw bytes of a value (whole-value downloads). */
  applyToValue(topics: string | readonly string[], value: Buffer | null): Buffer | null {
    return this.apply(topics, { key: null, value, headers: {} }).value;
  }

  private ruleFor(topic: string): Compiled | null {
    let r = this.byTopic.get(topic);
    if (r === undefined) {
      const matching = this.rules.filter((x) => x.topic.test(topic));
      r = matching.length === 0 ? null : matching.length === 1 ? matching[0]! : merge(matching);
      if (this.byTopic.size > 10_000) this.byTopic.clear();
      this.byTopic.set(topic, r);
    }
    return r;
  }
}

function merge(rules: Compiled[]): Compiled {
  return {
    topic: rules[0]!.topic,
    key: rules.some((r) => r.key),
    valuePaths: rules.flatMap((r) => r.valuePaths),
    headers: new Set(rules.flatMap((r) => [...r.headers])),
    patterns: rules.flatMap((r) => r.patterns),
  };
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
function asText(b: Buffer): string | null {
  try {
    return utf8.decode(b);
  } catch {
    return null;
  }
}

function replacePatterns(text: string, patterns: readonly RegExp[]): string {
  let out = text;
  for (const p of patterns) {
    p.lastIndex = 0;
    out = out.replace(p, MASK);
  }
  return out;
}

function maskText(b: Buffer, patterns: readonly RegExp[]): Buffer {
  if (patterns.length === 0) return b;
  const text = asText(b);
  if (text === null) return b;
  const masked = replacePatterns(text, patterns);
  return masked === text ? b : Buffer.from(masked);
}

/** Replaces every value at `path` (arrays walked, `*` any key) with MASK; true when something was masked. */
function maskPath(node: unknown, path: readonly string[], i = 0): boolean {
  if (node === null || typeof node !== "object") return false;
  if (Array.isArray(node)) {
    // `*` on an array takes its elements; any other segment looks inside each element.
    if (path[i] !== "*") return node.map((el) => maskPath(el, path, i)).some(Boolean);
    if (i === path.length - 1) return node.length > 0 && (node.fill(MASK), true);
    return node.map((el) => maskPath(el, path, i + 1)).some(Boolean);
  }
  const obj = node as Record<string, unknown>;
  const seg = path[i]!;
  const keys = seg === "*" ? Object.keys(obj) : Object.hasOwn(obj, seg) ? [seg] : [];
  let hit = false;
  for (const k of keys) {
    if (i === path.length - 1) {
      obj[k] = MASK;
      hit = true;
    } else hit = maskPath(obj[k], path, i + 1) || hit;
  }
  return hit;
}

function maskValue(rule: Compiled, value: Buffer | null): Buffer | null {
  if (value === null || value.length === 0) return value;
  if (rule.valuePaths.length === 0) return maskText(value, rule.patterns);
  const text = asText(value);
  if (text === null) return value;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return maskText(value, rule.patterns);
  }
  let hit = false;
  for (const p of rule.valuePaths) hit = maskPath(doc, p) || hit;
  const out = hit ? JSON.stringify(doc) : text;
  const masked = replacePatterns(out, rule.patterns);
  return masked === text ? value : Buffer.from(masked);
}

function maskWith<T extends Maskable>(rule: Compiled, m: T): T {
  const key = m.key === null ? null : rule.key ? Buffer.from(MASK) : maskText(m.key, rule.patterns);
  const value = maskValue(rule, m.value);
  let headers = m.headers;
  if (m.headers && (rule.headers.size > 0 || rule.patterns.length > 0)) {
    headers = {};
    for (const [name, raw] of Object.entries(m.headers)) {
      const whole = rule.headers.has(name.toLowerCase());
      const one = (v: Buffer | string | undefined) =>
        v === undefined
          ? v
          : whole
            ? MASK
            : typeof v === "string"
              ? replacePatterns(v, rule.patterns)
              : maskText(v, rule.patterns);
      headers[name] = Array.isArray(raw) ? raw.map((v) => one(v)!) : one(raw);
    }
  }
  return { ...m, key, value, headers };
}
