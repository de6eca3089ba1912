import { describe, expect, it } from "vitest";
import { tracedTopics } from "./traced";

describe("tracedTopics", () => {
  it("TRACE_TOPICS wins over the profiles' suggestions", () => {
    const traced = tracedTopics(["pay*"], () => ["orders"]);
    expect(traced("payments")).toBe("TRACE_TOPICS");
    expect(traced("orders")).toBe(false);
  });

  it("without it, reads a bounded number of suggested topics, asked again after the refresh", () => {
    let t = 0;
    let suggested = ["a", "b", "c"];
    const traced = tracedTopics([], () => suggested, { refreshMs: 1000, now: () => t, max: 2 });
    expect(["a", "b", "c"].map(traced)).toEqual([
      "its profile carries trace headers",
      "its profile carries trace headers",
      false,
    ]);
    suggested = ["c"];
    t = 500;
    expect(traced("c")).toBe(false);
    t = 1000;
    expect(traced("c")).toBe("its profile carries trace headers");
    expect(traced("a")).toBe(false);
  });
});
