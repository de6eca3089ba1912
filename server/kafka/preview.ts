import type { Preview } from "../contract";

export interface PreviewLimits {
  /** Longest text (characters) sent to a browser for one key, header or value. */
  maxText: number;
  /** Bytes shown as hex when the data is binary. */
  maxHexBytes: number;
  /** Values up to this size are parsed as JSON; larger ones are shown as text. */
  maxJsonParseBytes: number;
}

export const defaultLimits: PreviewLimits = {
  maxText: 32 * 1024,
  maxHexBytes: 2 * 1024,
  maxJsonParseBytes: 256 * 1024,
};

const utf8 = new TextDecoder("utf-8", { fatal: true });
// Control characters other than tab, newline and carriage return mark binary data.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Turns bytes from Kafka into a safe text preview: JSON (validated, sent as
 * written; the browser pretty-prints the one record it opens, so ingest pays
 * for a parse, not a re-serialisation), UTF-8 text, or hex.
 */
export function preview(
  bytes: Buffer | Uint8Array | string | null | undefined,
  limits: PreviewLimits = defaultLimits,
): Preview {
  if (bytes === null || bytes === undefined) return { encoding: "null", text: "", bytes: 0, truncated: false };
  const buf =
    typeof bytes === "string"
      ? Buffer.from(bytes, "utf8")
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = decodeUtf8Prefix(buf, limits.maxJsonParseBytes);
  if (text === null || CONTROL.test(text)) return hexPreview(buf, limits);
  if (buf.length <= limits.maxJsonParseBytes) {
    if (isJson(text, buf)) return clip("json", text, buf.length, limits);
  }
  return clip("text", text, buf.length, limits, buf.length > limits.maxJsonParseBytes);
}

function clip(
  encoding: "json" | "text",
  text: string,
  bytes: number,
  limits: PreviewLimits,
  alreadyCut = false,
): Preview {
  const truncated = alreadyCut || text.length > limits.maxText;
  return { encoding, text: truncated ? text.slice(0, limits.maxText) : text, bytes, truncated };
}

function hexPreview(buf: Buffer, limits: PreviewLimits): Preview {
  const shown = buf.subarray(0, limits.maxHexBytes);
  const pairs = shown.toString("hex").match(/../g) ?? [];
  return { encoding: "hex", text: pairs.join(" "), bytes: buf.length, truncated: buf.length > shown.length };
}

/**
 * Decodes at most `max` bytes as strict UTF-8; null if invalid. When the
 * buffer is cut, up to three trailing bytes may belong to a split character,
 * so a failure there is retried without them.
 */
function decodeUtf8Prefix(buf: Buffer, max: number): string | null {
  const head = buf.length > max ? buf.subarray(0, max) : buf;
  try {
    return utf8.decode(head);
  } catch {
    if (head === buf) return null;
    for (let cut = 1; cut <= 3; cut++) {
      try {
        return utf8.decode(head.subarray(0, head.length - cut));
      } catch {
        /* try a shorter prefix */
      }
    }
    return null;
  }
}

/** Deeper JSON is shown as text: parsing and pretty-printing 20,000 nested arrays cost 50 ms of an event loop per record. */
export const MAX_JSON_DEPTH = 256;

/** Whether brackets nest deeper than `limit` outside strings (a cheap linear scan before JSON.parse). */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > limit) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/** Whether the bytes hold more than `limit` opening brackets (native searches; stops early). */
function opensMoreThan(buf: Buffer, limit: number): boolean {
  let n = 0;
  for (const ch of [0x5b, 0x7b]) {
    let at = buf.indexOf(ch);
    while (at !== -1) {
      if (++n > limit) return true;
      at = buf.indexOf(ch, at + 1);
    }
  }
  return false;
}

function isJson(text: string, buf: Buffer): boolean {
  // Only objects and arrays: a bare number or word is better shown as text.
  let i = 0;
  while (
    i < text.length &&
    (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13 || text.charCodeAt(i) === 9)
  )
    i++;
  const first = text.charCodeAt(i);
  if (first !== 123 && first !== 91) return false;
  // Nesting deeper than the limit needs more opening brackets than the limit: most values skip the scan.
  if (opensMoreThan(buf, MAX_JSON_DEPTH) && nestsDeeperThan(text, MAX_JSON_DEPTH)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
