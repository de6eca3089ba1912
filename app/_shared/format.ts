import type { Preview, SchemaErrorCode, SchemaRef } from "@contract";

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

const FORMATS: Record<NonNullable<SchemaRef["format"]>, string> = {
  AVRO: "Avro",
  PROTOBUF: "Protobuf",
  JSON: "JSON Schema",
};
const SCHEMA_NOTES = {
  SCHEMA_LOADING: "loading from the registry",
  REGISTRY_UNREACHABLE: "registry unreachable",
  REGISTRY_REFUSED: "the registry refused the request",
  SCHEMA_NOT_FOUND: "not found in the registry",
  SCHEMA_UNSUPPORTED: "could not be read",
  DECODE_FAILED: "the bytes do not match the schema",
} satisfies Record<SchemaErrorCode, string>;

/** How a registry-framed key or value was read: "Avro · schema 3", or why it is shown as hex. */
export function schemaLabel(ref: SchemaRef): string {
  if (ref.error) return `schema ${ref.id}: ${SCHEMA_NOTES[ref.error.code]}; shown as hex`;
  return `${ref.format ? FORMATS[ref.format] : "schema"} · schema ${ref.id}`;
}
