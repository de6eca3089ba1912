import { describe, expect, it } from "vitest";
import { isGrowing, LagHistory, partitionLag } from "./lag";

const s = (...lags: number[]) => lags.map((lag, t) => ({ t, lag }));

describe("partitionLag", () => {
  it("is the end offset minus the committed one, null without a commit, never negative", () => {
    expect(partitionLag("40", "100")).toBe(60);
    expect(partitionLag("-1", "100")).toBeNull();
    expect(partitionLag("120", "100")).toBe(0);
    expect(partitionLag("9007199254740993", "9007199254741000")).toBe(7);
  });
});

describe("isGrowing", () => {
  it("flags lag that rises and never comes down over the window", () => {
    expect(isGrowing(s(0, 5, 10, 10, 20, 30))).toBe(true);
    expect(isGrowing(s(0, 5, 10, 8, 20, 30))).toBe(false); // it came down once: draining
    expect(isGrowing(s(30, 30, 30, 30, 30, 30))).toBe(false); // steady, not growing
    expect(isGrowing(s(1, 2, 3))).toBe(false); // too few samples
    expect(isGrowing(s(100, 0, 5, 10, 10, 20, 30))).toBe(true); // only the window counts
  });
});

describe("LagHistory", () => {
  it("keeps the most recent samples", () => {
    const h = new LagHistory(3);
    for (let i = 0; i < 5; i++) h.add({ t: i, lag: i });
    expect(h.all().map((x) => x.t)).toEqual([2, 3, 4]);
  });
});
