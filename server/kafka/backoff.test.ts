import { describe, expect, it } from "vitest";
import { backoffMs } from "./backoff";

describe("backoffMs", () => {
  it("grows exponentially within jitter bounds and is capped", () => {
    expect(backoffMs(0, () => 0)).toBe(250);
    expect(backoffMs(0, () => 1)).toBe(500);
    expect(backoffMs(3, () => 1)).toBe(4000);
    expect(backoffMs(4, () => 1)).toBe(5000);
    expect(backoffMs(50, () => 1)).toBe(5_000);
    expect(backoffMs(50, () => 0)).toBe(2500);
  });
});
