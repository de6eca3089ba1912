import { promisify } from "node:util";
import zlib from "node:zlib";
// kafkajs is CommonJS and these two are not detected as named exports under Node's ESM loader.
import kafkajs from "kafkajs";
import { decompress as zstdDecompress } from "fzstd";
import lz4 from "lz4js";
import snappy from "snappyjs";

/**
 * Snappy, LZ4 and zstd for kafkajs (which only has gzip), in pure
 * JavaScript so `npm install` needs no compiler or prebuilt binary.
 * Sagascope reads every codec; it writes gzip, snappy and LZ4 (zstd
 * compression is refused with a clear error: nothing here produces it).
 */

/** Java clients (xerial snappy-java) frame snappy in chunks behind this magic; librdkafka may too. */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);

export function snappyDecompress(buf: Buffer): Buffer {
  if (buf.length >= 16 && buf.subarray(0, 8).equals(XERIAL_MAGIC)) {
    // magic (8), version (4), compatible version (4), then [int32 length][snappy block]...
    const parts: Buffer[] = [];
    let i = 16;
    while (i < buf.length) {
      if (i + 4 > buf.length) throw new Error("snappy: truncated xerial chunk header");
      const len = buf.readUInt32BE(i);
      i += 4;
      if (i + len > buf.length) throw new Error("snappy: truncated xerial chunk");
      parts.push(Buffer.from(snappy.uncompress(buf.subarray(i, i + len))));
      i += len;
    }
    return Buffer.concat(parts);
  }
  return Buffer.from(snappy.uncompress(buf));
}

export function lz4Decompress(buf: Buffer): Buffer {
  return toBuffer(lz4.decompress(buf));
}

const toBuffer = (out: Uint8Array | number[]): Buffer =>
  out instanceof Uint8Array ? Buffer.from(out.buffer, out.byteOffset, out.byteLength) : Buffer.from(out);

export function zstdDecompressBuffer(buf: Buffer): Buffer {
  const out = zstdDecompress(buf);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

export type Compression = "gzip" | "snappy" | "lz4" | "zstd";

/**
 * Which codec produced a record: kafkajs slices keys, values and headers out
 * of the decompressed batch without copying, so the batch's ArrayBuffer,
 * remembered here when we decompress it, identifies the record's codec.
 */
const decompressedBy = new WeakMap<ArrayBufferLike, Compression>();

/** A buffer over an ArrayBuffer of its own (never Node's shared pool), remembered as `codec`'s output. */
function tag(out: Buffer, codec: Compression): Buffer {
  let own = out;
  if (out.byteOffset !== 0 || out.buffer.byteLength !== out.length) {
    own = Buffer.from(new ArrayBuffer(out.length));
    out.copy(own);
  }
  decompressedBy.set(own.buffer, codec);
  return own;
}

/** The compression of the batch a consumed record came from; null when it was not compressed (or is all nulls). */
export function compressionOf(m: { key: Buffer | null; value: Buffer | null }): Compression | null {
  const b = m.value ?? m.key;
  return b ? (decompressedBy.get(b.buffer) ?? null) : null;
}

interface Encoder {
  buffer: Buffer;
}

const gunzip = promisify(zlib.unzip);
const gzip = promisify(zlib.gzip);

const codec =
  (
    name: Compression,
    compress: (b: Buffer) => Buffer | Promise<Buffer>,
    decompress: (b: Buffer) => Buffer | Promise<Buffer>,
  ) =>
  () => ({
    async compress(encoder: Encoder) {
      return compress(encoder.buffer);
    },
    async decompress(buffer: Buffer) {
      try {
        return tag(await decompress(buffer), name);
      } catch (err) {
        throw new Error(`${name} batch could not be decompressed: ${(err as Error).message}`);
      }
    },
  });

const { CompressionCodecs, CompressionTypes } = kafkajs;

let registered = false;

/** Registers the codecs with kafkajs (global to the process; idempotent). */
export function registerCodecs(): void {
  if (registered) return;
  registered = true;
  const codecs = CompressionCodecs as unknown as Record<number, () => unknown>;
  codecs[CompressionTypes.GZIP] = codec(
    "gzip",
    (b) => gzip(b),
    (b) => gunzip(b),
  );
  codecs[CompressionTypes.Snappy] = codec("snappy", (b) => Buffer.from(snappy.compress(b)), snappyDecompress);
  codecs[CompressionTypes.LZ4] = codec(
    "lz4",
    (b) => {
      return toBuffer(lz4.compress(b));
    },
    lz4Decompress,
  );
  codecs[CompressionTypes.ZSTD] = codec(
    "zstd",
    () => {
      throw new Error("zstd compression is not supported for producing (reading zstd is); use gzip, snappy or lz4");
    },
    zstdDecompressBuffer,
  );
}
