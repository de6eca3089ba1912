/**
 * The Confluent Schema Registry wire format, without I/O: magic byte 0, a
 * big-endian 4-byte schema id, then the payload. Protobuf payloads start with
 * the message-index path (which message of the .proto file), written by
 * Confluent's serializers but not by @kafkajs/confluent-schema-registry.
 */
export interface Framed {
  id: number;
  payload: Buffer;
}

/** The schema id and payload of a registry-framed key or value; null when the bytes are not framed. */
export function parseFraming(buf: Buffer | null | undefined): Framed | null {
  if (!buf || buf.length < 5 || buf[0] !== 0) return null;
  const id = buf.readInt32BE(1);
  // Registries hand out positive ids; a 0x00 followed by a non-positive id is some other binary value.
  if (id <= 0) return null;
  return { id, payload: buf.subarray(5) };
}

/** A zigzag varint (as in Avro) at `at`: its value and the offset after it, or null when cut short. */
function zigzagVarint(buf: Buffer, at: number): { value: number; next: number } | null {
  let result = 0;
  let shift = 0;
  for (let i = at; i < buf.length && shift < 35; i++) {
    const b = buf[i]!;
    result |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) return { value: (result >>> 1) ^ -(result & 1), next: i + 1 };
    shift += 7;
  }
  return null;
}

/**
 * Splits a Protobuf payload into its message-index path and the message bytes.
 *
 * Confluent writes a zigzag-varint count then that many indexes, with a lone
 * 0x00 meaning [0]. @kafkajs/confluent-schema-registry writes no path at all
 * (its issue #248), so the message starts right away. A Protobuf message never
 * starts with a byte below 0x08 (field number 0 is invalid), while a Confluent
 * path of up to 3 indexes always does: bytes ≥ 0x08 are read as a bare message
 * of the schema's first type. Deeper paths (4+ nesting levels) are not read.
 */
export function splitProtobufIndexes(payload: Buffer): { indexes: number[]; message: Buffer } {
  const first = payload[0];
  if (first === undefined || first >= 0x08) return { indexes: [0], message: payload };
  if (first === 0) return { indexes: [0], message: payload.subarray(1) };
  const count = zigzagVarint(payload, 0);
  if (!count || count.value < 1) throw new Error("invalid Protobuf message-index path");
  const indexes: number[] = [];
  let at = count.next;
  for (let i = 0; i < count.value; i++) {
    const v = zigzagVarint(payload, at);
    if (!v || v.value < 0) throw new Error("invalid Protobuf message-index path");
    indexes.push(v.value);
    at = v.next;
  }
  return { indexes, message: payload.subarray(at) };
}

/**
 * JSON text of a decoded record. Avro longs may arrive as bigint and bytes as
 * Buffers; both become strings (decimal, hex) rather than failing or turning
 * into `{"type":"Buffer","data":[…]}`.
 */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    const original = (this as Record<string, unknown>)[key];
    if (typeof v === "bigint") return v.toString();
    if (Buffer.isBuffer(original)) return original.toString("hex");
    if (original instanceof Uint8Array) return Buffer.from(original).toString("hex");
    return v;
  });
}
