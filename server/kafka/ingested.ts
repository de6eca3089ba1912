import type { Preview, WireRecord } from "../contract";
import { recordId } from "../contract";
import { jsonOf, jsonOfText, type RecordView } from "../records/path";
import { compressionOf } from "./codecs";
import { timestampOf } from "./normalise";
import { preview } from "./preview";
import type { Decoding } from "./decoding";
import { keyPreview, maskedToWire, rawSize, toWireRecord, valuePreview, type RawMessage } from "./to-wire";

/** A key or value that may be in the Confluent wire format (magic byte 0): only these need the Schema Registry path. */
const mayBeFramed = (b: Buffer | null) => b !== null && b.length > 5 && b[0] === 0;

/**
 * A consumed record as live ingest keeps it: the raw (masked) buffers and
 * what every record needs counted — its size and timestamp. Ingest pays O(1)
 * per record, not a UTF-8 decode and a JSON parse: the text previews a
 * browser sees are built only for records a tab's filter reads (`wire()`,
 * kept for the other tabs), a tab's queue sends after sampling, a trace
 * lookup finds (`transientWire()`, not kept) or discovery reads (`key()`,
 * `value()`).
 *
 * Holds kafkajs' buffers, which are slices of a whole fetch response: whoever
 * keeps these records long (the trace index) bounds them by bytes.
 */
export class IngestedRecord {
  readonly timestamp: number;
  /** Key, value, header names and values in bytes, as `WireRecord.size`. */
  readonly size: number;
  private built: WireRecord | undefined;
  private valueText: Preview | undefined;
  private keyText: Preview | undefined;
  private pathView: RecordView | undefined;

  constructor(
    readonly topic: string,
    readonly partition: number,
    /** As consumed: the codec is read from its buffers. */
    private readonly raw: RawMessage,
    /** As browsers may see it: `raw` itself unless a masking rule covers the topic. */
    readonly message: RawMessage,
    /** The app's masking and Schema Registry decoder (one reference per record, shared). */
    private readonly decoding: Decoding,
  ) {
    this.timestamp = timestampOf(message.timestamp);
    this.size = rawSize(message);
  }

  get offset(): string {
    return this.message.offset;
  }

  get id(): string {
    return recordId(this.topic, this.partition, this.message.offset);
  }

  /**
   * Whether this record goes through the Schema Registry decoder: set, and a
   * key or value starts with the magic byte. Decoding replaces the framed
   * bytes before masking, so such a record is built from `raw` by
   * `toWireRecord` (decode, mask, preview) rather than from the pre-masked `message`.
   */
  private schemaFramed(): boolean {
    return this.decoding.schemas !== null && (mayBeFramed(this.raw.key) || mayBeFramed(this.raw.value));
  }

  private build(): WireRecord {
    return this.schemaFramed()
      ? toWireRecord(this.topic, this.partition, this.raw, this.decoding)
      : maskedToWire(this.topic, this.partition, this.message, compressionOf(this.raw));
  }

  /** The record as browsers receive it, built once. */
  wire(): WireRecord {
    if (!this.built) {
      this.built = this.build();
      this.keyText = this.built.key;
      this.valueText = this.built.value;
    }
    return this.built;
  }

  /** As `wire()`, but not kept when it was not built yet: a trace lookup may touch many records once. */
  transientWire(): WireRecord {
    return this.built ?? this.build();
  }

  /** The key's preview alone (discovery reads it without the rest). */
  key(): Preview {
    if (this.keyText === undefined && this.schemaFramed()) return this.wire().key;
    return (this.keyText ??= this.built?.key ?? keyPreview(this.message));
  }

  /** The value's preview alone (discovery reads JSON paths without building header previews). */
  value(): Preview {
    if (this.valueText === undefined && this.schemaFramed()) return this.wire().value;
    return (this.valueText ??= this.built?.value ?? valuePreview(this.message));
  }

  /** The last value of header `name` (as `headers.<name>` paths read it), raw. */
  lastHeader(name: string): Buffer | string | null | undefined {
    const h = this.message.headers?.[name];
    return Array.isArray(h) ? h[h.length - 1] : h;
  }

  /**
   * The record as record paths read it (server/records/path.ts) for filters
   * and discovery: as browsers may see it, masked and Schema Registry
   * payloads decoded. Built once; each part decoded on first read. Key and
   * value texts are the previews (shared with `wire()`); a header is one
   * preview of that header alone; JSON fields are parsed from the masked
   * value's bytes without building previews, or, for a framed value, from
   * its decoded JSON preview (32 KiB of text at most).
   */
  view(): RecordView {
    if (this.pathView) return this.pathView;
    let parsed: unknown;
    let tried = false;
    const text = (p: Preview) => (p.encoding === "null" ? null : p.text);
    this.pathView = {
      topic: this.topic,
      partition: this.partition,
      offset: this.offset,
      timestamp: this.timestamp,
      key: () => text(this.key()),
      header: (name) => {
        const h = this.lastHeader(name);
        return h === undefined || h === null ? null : preview(h).text;
      },
      valueText: () => text(this.value()),
      json: () => {
        if (!tried) {
          tried = true;
          // The value's own framing decides, so the rule does not depend on which previews exist.
          if (this.decoding.schemas === null || !mayBeFramed(this.raw.value)) parsed = jsonOf(this.message.value);
          else {
            const v = this.value();
            parsed = v.encoding === "json" && !v.truncated ? jsonOfText(v.text) : undefined;
          }
        }
        return parsed;
      },
    };
    return this.pathView;
  }
}

/** One consumed batch (one topic-partition) with its totals, counted once. */
export interface IngestedBatch {
  topic: string;
  partition: number;
  records: IngestedRecord[];
  /** Sum of the records' sizes. */
  bytes: number;
  /** The newest record timestamp in the batch (0 when none is valid). */
  lastTimestamp: number;
}

/** Wraps a kafkajs batch: masking is decided once per batch (a topic lookup), sizes and timestamps summed in the same pass. */
export function ingestBatch(
  topic: string,
  partition: number,
  messages: readonly RawMessage[],
  decoding: Decoding,
): IngestedBatch {
  const masked = decoding.masking.covers(topic);
  const records = new Array<IngestedRecord>(messages.length);
  let bytes = 0;
  let lastTimestamp = 0;
  for (let i = 0; i < messages.length; i++) {
    const raw = messages[i]!;
    const r = new IngestedRecord(topic, partition, raw, masked ? decoding.masking.apply(topic, raw) : raw, decoding);
    records[i] = r;
    bytes += r.size;
    if (r.timestamp > lastTimestamp) lastTimestamp = r.timestamp;
  }
  return { topic, partition, records, bytes, lastTimestamp };
}
