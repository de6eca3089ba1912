import { z } from "zod";

/** How a key, header or value was rendered for the browser. */
export const PreviewEncodings = ["json", "text", "hex", "null"] as const;
export type PreviewEncoding = (typeof PreviewEncodings)[number];

/**
 * A byte string from Kafka turned into something safe to show as text.
 * `text` is already pretty-printed (json), decoded (text) or hex-dumped (hex);
 * it is always rendered as a text node, never as HTML.
 */
export const previewSchema = z.object({
  encoding: z.enum(PreviewEncodings),
  text: z.string(),
  /** Size of the original bytes; 0 for null. */
  bytes: z.number().int().nonnegative(),
  /** True when `text` covers only the first part of the original bytes. */
  truncated: z.boolean(),
});
export type Preview = z.infer<typeof previewSchema>;

export const wireHeaderSchema = z.object({
  name: z.string(),
  value: previewSchema,
});
export type WireHeader = z.infer<typeof wireHeaderSchema>;

/** Schema formats of a Confluent Schema Registry. */
export const SchemaFormats = ["AVRO", "PROTOBUF", "JSON"] as const;
/** Why a registry-framed key or value is shown as hex instead of decoded. */
export const SchemaErrorCodes = [
  "SCHEMA_LOADING",
  "REGISTRY_UNREACHABLE",
  "REGISTRY_REFUSED",
  "SCHEMA_NOT_FOUND",
  "SCHEMA_UNSUPPORTED",
  "DECODE_FAILED",
] as const;
export type SchemaErrorCode = (typeof SchemaErrorCodes)[number];

/**
 * A key or value framed for a Schema Registry (magic byte 0 + 4-byte schema
 * id). Without `error` its preview holds the decoded record as JSON; with
 * one, the original bytes as hex.
 */
export const schemaRefSchema = z.object({
  id: z.number().int(),
  format: z.enum(SchemaFormats).optional(),
  error: z.object({ code: z.enum(SchemaErrorCodes), message: z.string(), retriable: z.boolean() }).optional(),
});
export type SchemaRef = z.infer<typeof schemaRefSchema>;

/** One Kafka record as the browser sees it. */
export const wireRecordSchema = z.object({
  /** `${topic}/${partition}/${offset}`: unique per record, used to drop duplicates. */
  id: z.string(),
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  /** Kafka offsets are int64; carried as a decimal string. */
  offset: z.string(),
  /** Record timestamp in epoch milliseconds. */
  timestamp: z.number(),
  key: previewSchema,
  headers: z.array(wireHeaderSchema),
  value: previewSchema,
  /** Key + value + header bytes, as received. */
  size: z.number().int().nonnegative(),
  /** The codec of the batch it came in; absent when uncompressed. */
  compression: z.enum(["gzip", "snappy", "lz4", "zstd"]).optional(),
  /** Whether `timestamp` was set by the producer or by the broker on append. */
  timestampType: z.enum(["CreateTime", "LogAppendTime"]).optional(),
  /** Present when the key was framed for a Schema Registry (SCHEMA_REGISTRY_URL set). */
  keySchema: schemaRefSchema.optional(),
  /** Present when the value was framed for a Schema Registry (SCHEMA_REGISTRY_URL set). */
  valueSchema: schemaRefSchema.optional(),
});
export type WireRecord = z.infer<typeof wireRecordSchema>;

export function recordId(topic: string, partition: number, offset: string): string {
  return `${topic}/${partition}/${offset}`;
}
