import type { Preview } from "@contract";

/** Local wall-clock time with milliseconds: what an engineer compares against their logs. */
export function formatTime(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** One line for a table cell: JSON collapsed, whitespace squeezed. */
export function oneLine(p: Preview, max = 240): string {
  if (p.encoding === "null") return "null";
  const flat = p.encoding === "json" ? JSON.stringify(safeParse(p.text) ?? p.text) : p.text.replace(/\s+/g, " ");
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A preview as shown in a record's detail: JSON pretty-printed here, in the
 * browser, for the one record opened (the server sends it as written).
 */
export function detailText(p: Preview): string {
  if (p.encoding === "null") return "";
  if (p.encoding !== "json" || p.truncated) return p.text;
  try {
    return JSON.stringify(JSON.parse(p.text), null, 2);
  } catch {
    return p.text;
  }
}
