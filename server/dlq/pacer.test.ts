import { describe, expect, it } from "vitest";
import { dueAt, waitBefore } from "./pacer";

describe("pacer", () => {
  it("spaces 500 sends at 100/s over 5 s", () => {
    expect(dueAt(0, 0, 100)).toBe(0);
    expect(dueAt(0, 1, 100)).toBe(10);
    expect(dueAt(0, 500, 100)).toBe(5000);
  });
  it("waits only as long as needed and never negative after a slow send", () => {
    expect(waitBefore(1000, 3, 10, 1100)).toBe(200);
    expect(waitBefore(1000, 3, 10, 1500)).toBe(0);
  });
});
