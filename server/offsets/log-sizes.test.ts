import { describe, expect, it } from "vitest";
import { LogSizeBook } from "./log-sizes";

describe("LogSizeBook", () => {
  it("has no rate on the first sample, then the leaders' growth per second summed per topic", () => {
    const book = new LogSizeBook();
    book.record(0, [
      { topic: "orders", partition: 0, bytes: 1_000_000 },
      { topic: "orders", partition: 1, bytes: 0 },
    ]);
    expect(book.bytesPerSec("orders")).toBeNull();
    expect(book.size("orders")).toBe(1_000_000);
    book.record(30_000, [
      { topic: "orders", partition: 0, bytes: 1_030_000 },
      { topic: "orders", partition: 1, bytes: 60_000 },
    ]);
    expect(book.bytesPerSec("orders")).toBe(3_000);
  });

  it("adds nothing for a shrinking partition (retention removed a segment) and forgets topics gone", () => {
    const book = new LogSizeBook();
    book.record(0, [
      { topic: "t", partition: 0, bytes: 5_000 },
      { topic: "t", partition: 1, bytes: 100 },
    ]);
    book.record(10_000, [
      { topic: "t", partition: 0, bytes: 1_000 },
      { topic: "t", partition: 1, bytes: 200 },
    ]);
    expect(book.bytesPerSec("t")).toBe(10);
    book.record(20_000, []);
    expect(book.bytesPerSec("t")).toBeNull();
    expect(book.size("t")).toBeNull();
  });
});
