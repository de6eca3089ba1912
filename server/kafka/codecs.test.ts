import kafkajs from "kafkajs";
import { describe, expect, it } from "vitest";
import snappy from "snappyjs";
import { lz4Decompress, registerCodecs, snappyDecompress, zstdDecompressBuffer } from "./codecs";

const { CompressionCodecs, CompressionTypes } = kafkajs;
const text = '{"hello":"world","n":[1,2,3,1,2,3,1,2,3]}';
// Frames written by the zstd 1.5 and lz4 1.9 command-line tools (`echo -n … | zstd -c | base64`).
const zstdFixture = "KLUv/QRYJQEA8HsiaGVsbG8iOiJ3b3JsZCIsIm4iOlsxLDIsMyxdfQEAxChOryfdPw==";
const lz4Fixture = "BCJNGGRApyYAAAD0DXsiaGVsbG8iOiJ3b3JsZCIsIm4iOlsxLDIsMywGAFAyLDNdfQAAAABWWvoo";

describe("compression codecs", () => {
  it("reads zstd and lz4 frames written by the reference tools", () => {
    expect(zstdDecompressBuffer(Buffer.from(zstdFixture, "base64")).toString()).toBe(text);
    expect(lz4Decompress(Buffer.from(lz4Fixture, "base64")).toString()).toBe(text);
  });

  it("reads raw snappy and snappy in xerial chunks (Java clients)", () => {
    const a = Buffer.from("first chunk ".repeat(50));
    const b = Buffer.from("second chunk ".repeat(50));
    expect(snappyDecompress(Buffer.from(snappy.compress(a))).equals(a)).toBe(true);
    const chunk = (buf: Buffer) => {
      const c = Buffer.from(snappy.compress(buf));
      const len = Buffer.alloc(4);
      len.writeUInt32BE(c.length);
      return Buffer.concat([len, c]);
    };
    const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(snappyDecompress(Buffer.concat([header, chunk(a), chunk(b)])).toString()).toBe(a.toString() + b.toString());
    expect(() => snappyDecompress(Buffer.concat([header, chunk(a)]).subarray(0, 30))).toThrow(/truncated/);
  });

  it("registers with kafkajs: round trips for the codecs it writes, a clear error for zstd writes and corrupt batches", async () => {
    registerCodecs();
    const codecs = CompressionCodecs as unknown as Record<
      number,
      () => { compress(e: { buffer: Buffer }): Promise<Buffer>; decompress(b: Buffer): Promise<Buffer> }
    >;
    const data = Buffer.from(JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ i, s: "abc" }))));
    for (const t of [CompressionTypes.Snappy, CompressionTypes.LZ4]) {
      const c = codecs[t]!();
      const packed = await c.compress({ buffer: data });
      expect(packed.length).toBeLessThan(data.length / 2);
      expect((await c.decompress(packed)).equals(data)).toBe(true);
    }
    const z = codecs[CompressionTypes.ZSTD]!();
    await expect(z.compress({ buffer: data })).rejects.toThrow(/zstd compression is not supported/);
    expect((await z.decompress(Buffer.from(zstdFixture, "base64"))).toString()).toBe(text);
    await expect(z.decompress(Buffer.from("not zstd at all"))).rejects.toThrow(/zstd batch could not be decompressed/);
    await expect(codecs[CompressionTypes.LZ4]!().decompress(Buffer.from("garbage!"))).rejects.toThrow(
      /lz4 batch could not be decompressed/,
    );
  });
});
