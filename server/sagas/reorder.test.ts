import { describe, expect, it } from "vitest";
import { ReorderBuffer } from "./reorder";

describe("ReorderBuffer", () => {
  it("releases items after the window, sorted by their own time", () => {
    const b = new ReorderBuffer<{ t: number; n: string }>(1000, (x) => x.t, 100);
    b.add(
      [
        { t: 30, n: "orders:completed" },
        { t: 10, n: "orders:created" },
      ],
      0,
    );
    b.add([{ t: 20, n: "payments:authorized" }], 500);
    expect(b.release(999)).toEqual([]);
    expect(b.release(1000).map((x) => x.n)).toEqual(["orders:created", "orders:completed"]);
    expect(b.release(1500).map((x) => x.n)).toEqual(["payments:authorized"]);
    expect(b.size).toBe(0);
  });

  it("releases everything at once when full, and on demand", () => {
    const b = new ReorderBuffer<number>(1000, (x) => x, 3);
    expect(b.add([3, 1], 0)).toEqual([]);
    expect(b.add([2, 0], 0)).toEqual([0, 1, 2, 3]);
    b.add([5, 4], 0);
    expect(b.release(0, true)).toEqual([4, 5]);
  });
});
