import { describe, expect, it } from "vitest";
import {
  cycleIndex,
  cyclePages,
  parseStored,
  presentKey,
  presentOff,
  presentQuery,
  resolvePresent,
  secondsLeft,
  stepCycle,
  withoutPresentParams,
  type PresentState,
} from "./present";

const q = (s: string) => new URLSearchParams(s);
const on: PresentState = { on: true, theme: "light", cycleSec: 10 };

describe("resolvePresent", () => {
  it("turns on from the URL, dark and without a cycle by default", () => {
    expect(resolvePresent(q("present=1"), null)).toEqual({ on: true, theme: "dark", cycleSec: null });
    expect(resolvePresent(q("present=1&theme=light&cycle=15"), null)).toEqual({
      on: true,
      theme: "light",
      cycleSec: 15,
    });
  });

  it("lets the URL win over what the tab remembers", () => {
    expect(resolvePresent(q("present=1&theme=dark"), on)).toEqual({ on: true, theme: "dark", cycleSec: null });
    expect(resolvePresent(q("present=0"), on)).toEqual(presentOff);
  });

  it("keeps the remembered state on a URL without `present` (a nav link)", () => {
    expect(resolvePresent(q(""), on)).toEqual(on);
    expect(resolvePresent(q("state=created"), null)).toEqual(presentOff);
  });

  it("ignores an unknown theme and a cycle that is not a positive number, and bounds it", () => {
    expect(resolvePresent(q("present=1&theme=neon&cycle=abc"), null)).toEqual({
      on: true,
      theme: "dark",
      cycleSec: null,
    });
    expect(resolvePresent(q("present=1&cycle=-3"), null).cycleSec).toBeNull();
    expect(resolvePresent(q("present=1&cycle=0.5"), null).cycleSec).toBe(2);
    expect(resolvePresent(q("present=1&cycle=99999"), null).cycleSec).toBe(3600);
  });
});

describe("stored state", () => {
  it("round-trips through JSON and rejects junk", () => {
    expect(parseStored(JSON.stringify(on))).toEqual(on);
    expect(parseStored(null)).toBeNull();
    expect(parseStored("{not json")).toBeNull();
    expect(parseStored(JSON.stringify({ on: true, theme: "sepia" }))).toBeNull();
    expect(parseStored(JSON.stringify(presentOff))).toBeNull();
  });
});

describe("queries", () => {
  it("writes the query that reopens a state", () => {
    expect(presentQuery(on)).toBe("present=1&theme=light&cycle=10");
    expect(presentQuery({ ...on, cycleSec: null })).toBe("present=1&theme=light");
    expect(presentQuery(presentOff)).toBe("present=0");
    expect(resolvePresent(q(presentQuery(on)), null)).toEqual(on);
  });

  it("strips only presentation parameters", () => {
    expect(withoutPresentParams("?present=1&theme=dark&cycle=3&state=created")).toBe("?state=created");
    expect(withoutPresentParams("?present=0")).toBe("");
  });
});

describe("cycle", () => {
  const pages = cyclePages("order flow");

  it("goes overview, first saga, dead letters; the saga list without sagas", () => {
    expect(pages).toEqual(["/topics", "/sagas/order%20flow", "/dlq"]);
    expect(cyclePages(null)[1]).toBe("/sagas");
  });

  it("finds the current page, counting sub-pages", () => {
    expect(cycleIndex(pages, "/dlq")).toBe(2);
    expect(cycleIndex(pages, "/sagas/order%20flow/abc")).toBe(1);
    expect(cycleIndex(cyclePages(null), "/sagas/order")).toBe(1);
    expect(cycleIndex(pages, "/topicsX")).toBe(-1);
    expect(cycleIndex(pages, "/")).toBe(-1);
  });

  it("steps both ways and wraps; from outside it starts at either end", () => {
    expect(stepCycle(pages, "/topics", 1)).toBe("/sagas/order%20flow");
    expect(stepCycle(pages, "/dlq", 1)).toBe("/topics");
    expect(stepCycle(pages, "/topics", -1)).toBe("/dlq");
    expect(stepCycle(pages, "/", 1)).toBe("/topics");
    expect(stepCycle(pages, "/", -1)).toBe("/dlq");
  });

  it("counts whole seconds down to zero", () => {
    expect(secondsLeft(10_000, 0)).toBe(10);
    expect(secondsLeft(10_000, 9_001)).toBe(1);
    expect(secondsLeft(10_000, 12_000)).toBe(0);
  });
});

describe("keys", () => {
  it("maps the presentation keys and leaves others to the page", () => {
    expect(presentKey("f")).toBe("fullscreen");
    expect(presentKey("Escape")).toBe("exit");
    expect(presentKey("p")).toBe("exit");
    expect(presentKey("ArrowRight")).toBe("next");
    expect(presentKey("PageUp")).toBe("previous");
    expect(presentKey(" ")).toBe("pause");
    expect(presentKey("a")).toBeNull();
    expect(presentKey("ArrowDown")).toBeNull();
  });
});
