import { describe, expect, it } from "vitest";
import { RateWindows } from "./rate-window";

describe("RateWindows", () => {
  it("sums records and bytes per second and reports complete seconds only", () => {
    const w = new RateWindows(10);
    w.add("t", 1000, 2, 20);
    w.add("t", 1999, 1, 10);
    w.add("t", 2500, 5, 50);
    expect(w.series("t", 3000, 3)).toEqual([
      { t: 0, records: 0, bytes: 0 },
      { t: 1, records: 3, bytes: 30 },
      { t: 2, records: 5, bytes: 50 },
    ]);
    // The second in progress (3) is not reported yet.
    w.add("t", 3100, 100, 100);
    expect(w.series("t", 3200, 1)).toEqual([{ t: 2, records: 5, bytes: 50 }]);
  });

  it("averages the rate over the last seconds", () => {
    const w = new RateWindows(60);
    for (let s = 0; s < 10; s++) w.add("t", s * 1000, 10, 1000);
    expect(w.rate("t", 10_000, 5)).toEqual({ recordsPerSec: 10, bytesPerSec: 1000 });
    expect(w.rate("t", 20_000, 5)).toEqual({ recordsPerSec: 0, bytesPerSec: 0 });
  });

  it("forgets seconds older than the window when the slot is reused", () => {
    const w = new RateWindows(5);
    w.add("t", 0, 7, 7);
    w.add("t", 5000, 1, 1); // same slot, 5 s later
    expect(w.series("t", 6000, 5).map((p) => p.records)).toEqual([0, 0, 0, 0, 1]);
  });

  it("answers zeros for unknown keys", () => {
    expect(new RateWindows(5).rate("nope", 5000)).toEqual({ recordsPerSec: 0, bytesPerSec: 0 });
  });
});
