// Type declarations for the pure-JavaScript codec packages (they ship none).
declare module "snappyjs" {
  const snappy: {
    compress(input: Uint8Array): Uint8Array;
    uncompress(input: Uint8Array, maxLength?: number): Uint8Array;
  };
  export default snappy;
}
declare module "lz4js" {
  const lz4: {
    compress(input: Uint8Array, maxSize?: number): Uint8Array | number[];
    decompress(input: Uint8Array, maxSize?: number): Uint8Array | number[];
  };
  export default lz4;
}
