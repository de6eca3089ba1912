/**
 * A small, safe expression language for live-tail filters, evaluated on the
 * server. Parsed by hand into a tree and interpreted: never `eval`, never
 * user JavaScript. Examples:
 *
 *   value.amount > 100
 *   headers.saga-id == "o-42" && topic == "payments"
 *   key contains "vip" || value.customer.tier in ["gold", "platinum"]
 *   !(partition == 0) && timestamp >= 1764000000000
 *
 * Paths: topic, partition, offset, timestamp, key, headers.<name> (names may
 * contain `-` and `.`; quote unusual ones: headers["x y"]), value (the whole
 * value as text) and value.<json.path> (array indexes as value.items.0.sku),
 * read by the record-path rules of server/records/path.ts (shared with saga
 * definitions and discovery: exact header names, the last of repeated
 * headers, binary as hex).
 * Operators: == != > >= < <= contains startsWith in, && || ! and parentheses.
 * A path that does not resolve is `null`; comparisons with null are false
 * except `== null` / `!= null`.
 */

import { readPath, type RecordPath, type RecordView } from "../records/path";

export type Literal = string | number | boolean | null;
export type Node =
  | { kind: "lit"; value: Literal | Literal[] }
  | ({ kind: "path" } & RecordPath)
  | { kind: "not"; arg: Node }
  | { kind: "and" | "or"; left: Node; right: Node }
  | { kind: "cmp"; op: CmpOp; left: Node; right: Node };

export const CmpOps = ["==", "!=", ">", ">=", "<", "<=", "contains", "startsWith", "in"] as const;
export type CmpOp = (typeof CmpOps)[number];

export class FilterSyntaxError extends Error {
  readonly code = "FILTER_SYNTAX";
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position + 1}`);
  }
}

export const MAX_EXPRESSION_LENGTH = 1000;
const MAX_DEPTH = 32;

type Token = { t: "str" | "num" | "ident" | "op" | "punct"; v: string; at: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (c === '"' || c === "'") {
      let s = "";
      i++;
      while (i < src.length && src[i] !== c) {
        if (src[i] === "\\" && i + 1 < src.length) {
          const n = src[i + 1]!;
          s += n === "n" ? "\n" : n === "t" ? "\t" : n;
          i += 2;
        } else s += src[i++];
      }
      if (i >= src.length) throw new FilterSyntaxError("unterminated string", at);
      i++;
      out.push({ t: "str", v: s, at });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (["==", "!=", ">=", "<=", "&&", "||"].includes(two)) {
      out.push({ t: "op", v: two, at });
      i += 2;
      continue;
    }
    if (c === ">" || c === "<" || c === "!") {
      out.push({ t: "op", v: c, at });
      i++;
      continue;
    }
    if ("()[],".includes(c)) {
      out.push({ t: "punct", v: c, at });
      i++;
      continue;
    }
    const num = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(src.slice(i));
    if (num && (c === "-" ? /\d/.test(src[i + 1] ?? "") : true) && /[-\d]/.test(c)) {
      out.push({ t: "num", v: num[0], at });
      i += num[0].length;
      continue;
    }
    // Identifiers and paths: letters, digits, _ - . (header names like saga-id, ce_type, x.y).
    const id = /^[A-Za-z_][\w\-.]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: "ident", v: id[0], at });
      i += id[0].length;
      continue;
    }
    throw new FilterSyntaxError(`unexpected "${c}"`, at);
  }
  return out;
}

/** Parses an expression into a tree; throws FilterSyntaxError with the position. */
export function parseFilter(src: string): Node {
  if (src.length > MAX_EXPRESSION_LENGTH)
    throw new FilterSyntaxError(`longer than ${MAX_EXPRESSION_LENGTH} characters`, MAX_EXPRESSION_LENGTH);
  const toks = tokenize(src);
  let p = 0;
  let depth = 0;
  const peek = () => toks[p];
  const end = () => (toks.length ? toks[toks.length - 1]!.at + toks[toks.length - 1]!.v.length : 0);
  const expect = (v: string) => {
    const t = toks[p];
    if (!t || t.v !== v) throw new FilterSyntaxError(`expected "${v}"`, t?.at ?? end());
    p++;
  };
  const deeper = <T>(f: () => T): T => {
    if (++depth > MAX_DEPTH) throw new FilterSyntaxError("nested too deeply", peek()?.at ?? end());
    try {
      return f();
    } finally {
      depth--;
    }
  };

  const or = (): Node =>
    deeper(() => {
      let left = and();
      while (peek()?.v === "||") {
        p++;
        left = { kind: "or", left, right: and() };
      }
      return left;
    });
  const and = (): Node => {
    let left = not();
    while (peek()?.v === "&&") {
      p++;
      left = { kind: "and", left, right: not() };
    }
    return left;
  };
  const not = (): Node => {
    if (peek()?.v === "!") {
      p++;
      return deeper(() => ({ kind: "not", arg: not() }));
    }
    return cmp();
  };
  const cmp = (): Node => {
    const left = operand();
    const t = peek();
    if (
      t &&
      ((t.t === "op" && ["==", "!=", ">", ">=", "<", "<="].includes(t.v)) ||
        (t.t === "ident" && ["contains", "startsWith", "in"].includes(t.v)))
    ) {
      p++;
      return { kind: "cmp", op: t.v as CmpOp, left, right: operand() };
    }
    return left;
  };
  const literal = (t: Token): Literal =>
    t.t === "str" ? t.v : t.t === "num" ? Number(t.v) : t.v === "true" ? true : t.v === "false" ? false : null;
  const operand = (): Node => {
    const t = peek();
    if (!t) throw new FilterSyntaxError("expected a value or a path", end());
    if (t.v === "(" && t.t === "punct") {
      p++;
      const inner = or();
      expect(")");
      return inner;
    }
    if (t.v === "[" && t.t === "punct") {
      p++;
      const items: Literal[] = [];
      while (peek() && peek()!.v !== "]") {
        const it = peek()!;
        if (it.t !== "str" && it.t !== "num" && !(it.t === "ident" && ["true", "false", "null"].includes(it.v)))
          throw new FilterSyntaxError("a list holds strings, numbers, true, false or null", it.at);
        items.push(literal(it));
        p++;
        if (peek()?.v === ",") p++;
        else break;
      }
      expect("]");
      return { kind: "lit", value: items };
    }
    p++;
    if (t.t === "str" || t.t === "num") return { kind: "lit", value: literal(t) };
    if (t.t === "ident") {
      if (t.v === "true" || t.v === "false" || t.v === "null") return { kind: "lit", value: literal(t) };
      return path(t);
    }
    throw new FilterSyntaxError(`unexpected "${t.v}"`, t.at);
  };
  const path = (t: Token): Node => {
    const [root, ...rest] = t.v.split(".");
    if (root === "topic" || root === "partition" || root === "offset" || root === "timestamp" || root === "key") {
      if (rest.length) throw new FilterSyntaxError(`${root} has no fields`, t.at);
      return { kind: "path", root, parts: [] };
    }
    if (root === "headers") {
      // A header name is everything after "headers." (it may contain dots), or headers["name"].
      let name = t.v.slice("headers.".length);
      if (!rest.length) {
        if (peek()?.v !== "[") throw new FilterSyntaxError('write headers.<name> or headers["name"]', t.at);
        p++;
        const n = peek();
        if (n?.t !== "str") throw new FilterSyntaxError("expected a header name in quotes", n?.at ?? end());
        name = n.v;
        p++;
        expect("]");
      }
      return { kind: "path", root: "headers", parts: [name] };
    }
    if (root === "value") return { kind: "path", root: "value", parts: rest };
    throw new FilterSyntaxError(
      `unknown path "${t.v}" (use topic, partition, offset, timestamp, key, headers.<name>, value.<path>)`,
      t.at,
    );
  };

  if (toks.length === 0) throw new FilterSyntaxError("empty expression", 0);
  const tree = or();
  if (p < toks.length) throw new FilterSyntaxError(`unexpected "${toks[p]!.v}"`, toks[p]!.at);
  return tree;
}

/** What a filter sees of a record: its record-path view. */
export type FilterInput = RecordView;

type Val = Literal | Literal[] | object;

function resolve(n: Node, r: FilterInput): Val {
  if (n.kind === "lit") return n.value;
  if (n.kind === "path") return readPath(r, n);
  return evaluate(n, r);
}

const asNumber = (v: Val): number | null =>
  typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : null;

function compare(op: CmpOp, a: Val, b: Val): boolean {
  switch (op) {
    case "==":
    case "!=": {
      const eq =
        a === b ||
        (a !== null && b !== null && typeof a !== "object" && typeof b !== "object" && String(a) === String(b));
      return op === "==" ? eq : !eq;
    }
    case ">":
    case ">=":
    case "<":
    case "<=": {
      const x = asNumber(a);
      const y = asNumber(b);
      if (x !== null && y !== null) return op === ">" ? x > y : op === ">=" ? x >= y : op === "<" ? x < y : x <= y;
      if (typeof a === "string" && typeof b === "string")
        return op === ">" ? a > b : op === ">=" ? a >= b : op === "<" ? a < b : a <= b;
      return false;
    }
    case "contains":
      if (Array.isArray(a)) return a.some((x) => x === b);
      return a !== null && b !== null && typeof a !== "object" && String(a).includes(String(b));
    case "startsWith":
      return a !== null && b !== null && typeof a !== "object" && String(a).startsWith(String(b));
    case "in":
      return Array.isArray(b) && b.some((x) => compare("==", a, x));
  }
}

const truthy = (v: Val) => v !== null && v !== false && v !== "" && v !== 0;

/** Evaluates a parsed filter against one record. Never throws for data reasons. */
export function evaluate(n: Node, r: FilterInput): boolean {
  switch (n.kind) {
    case "and":
      return evaluate(n.left, r) && evaluate(n.right, r);
    case "or":
      return evaluate(n.left, r) || evaluate(n.right, r);
    case "not":
      return !evaluate(n.arg, r);
    case "cmp":
      return compare(n.op, resolve(n.left, r), resolve(n.right, r));
    default:
      return truthy(resolve(n, r));
  }
}
