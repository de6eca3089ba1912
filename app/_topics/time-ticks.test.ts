import { describe, expect, it } from "vitest";
import { timeTicks } from "./time-ticks";

describe("timeTicks", () => {
  it("puts about six ticks on round times", () => {
    expect(timeTicks(1000, 1300)).toEqual([1020, 1080, 1140, 1200, 1260]);
    const day = timeTicks(0, 86400);
    expect(day.length).toBeLessThanOrEqual(6);
    expect(day.every((t) => t % 3600 === 0)).toBe(true);
  });
  it("has none for an empty or single-point series", () => {
    expect(timeTicks(0, 0)).toEqual([]);
    expect(timeTicks(5, 5)).toEqual([]);
  });
});
