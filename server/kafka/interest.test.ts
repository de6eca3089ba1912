import { describe, expect, it } from "vitest";
import { Lingering, planReads, tabsWant } from "./interest";

const none = (): false => false;
const kept = [
  { capability: "sagas", select: (t: string) => t === "orders", why: () => "saga definition checkout" },
  { capability: "dlq", select: (t: string) => t.endsWith("-dlt"), why: () => "dead-letter pattern" },
];

describe("planReads", () => {
  it("reads only what an interest wants, each topic under its strongest kind", () => {
    const plan = planReads(["orders", "orders-dlt", "clicks", "audit", "payments"], {
      kept,
      shared: (t) => t === "clicks" || t === "orders",
      traced: (t) => t === "payments" && "TRACE_TOPICS",
      tailed: new Map([
        ["audit", 2],
        ["orders", 1],
      ]),
    });
    expect([...plan.keys()]).toEqual(["orders", "orders-dlt", "clicks", "audit", "payments"]);
    expect(plan.get("orders")).toEqual({
      topic: "orders",
      kind: "kept",
      wantedBy: [
        { capability: "sagas", why: "saga definition checkout" },
        { capability: "ingest", why: "INGEST_TOPICS" },
        { capability: "realtime", why: "tailed by 1 tab" },
      ],
    });
    expect(plan.get("clicks")?.kind).toBe("shared");
    expect(plan.get("audit")).toMatchObject({
      kind: "live",
      wantedBy: [{ capability: "realtime", why: "tailed by 2 tabs" }],
    });
    expect(plan.get("payments")).toMatchObject({
      kind: "live",
      wantedBy: [{ capability: "traces", why: "TRACE_TOPICS" }],
    });
  });

  it("reads nothing nobody wants", () => {
    expect(planReads(["a", "b"], { kept: [], shared: none, traced: none, tailed: new Map() }).size).toBe(0);
  });

  it("keeps a lingering topic (0 tabs) as a live read", () => {
    const plan = planReads(["a"], { kept: [], shared: none, traced: none, tailed: new Map([["a", 0]]) });
    expect(plan.get("a")).toMatchObject({
      kind: "live",
      wantedBy: [{ capability: "realtime", why: "tailed a moment ago (lingers after the last tab left)" }],
    });
  });
});

describe("tabsWant", () => {
  const topics = ["a", "b", "c", "orders"];
  it("counts the tabs naming each topic, a tab naming one twice once", () => {
    const w = tabsWant([{ topics: ["a", "a"] }, { topics: ["a", "b"] }], topics, none, 10);
    expect(w.tailed).toEqual(
      new Map([
        ["a", 2],
        ["b", 1],
      ]),
    );
  });

  it("gives a tab asking for every topic all of them while the cluster is small", () => {
    const w = tabsWant([{ topics: null }, { topics: ["a"] }], topics, none, 4);
    expect(w.tailAll).toBe(true);
    expect(w.tailed).toEqual(
      new Map([
        ["a", 2],
        ["b", 1],
        ["c", 1],
        ["orders", 1],
      ]),
    );
  });

  it("beyond the limit of unread topics, a tab must choose", () => {
    const w = tabsWant([{ topics: null }, { topics: ["a"] }], topics, none, 3);
    expect(w.tailAll).toBe(false);
    expect(w.tailed).toEqual(new Map([["a", 1]]));
  });

  it("topics read anyway do not count towards the limit", () => {
    expect(tabsWant([{ topics: null }], topics, (t) => t === "orders", 3).tailAll).toBe(true);
  });
});

describe("Lingering", () => {
  it("keeps a topic for the linger after its last tab left, then drops it", () => {
    const l = new Lingering(30_000);
    expect(l.update(new Map([["a", 1]]), 1_000)).toEqual(new Map([["a", 1]]));
    expect(l.update(new Map(), 20_000)).toEqual(new Map([["a", 0]]));
    expect(l.nextExpiry(new Map())).toBe(31_000);
    expect(l.update(new Map(), 31_000)).toEqual(new Map());
    expect(l.nextExpiry(new Map())).toBeNull();
  });

  it("a tab coming back within the linger keeps the topic without a gap", () => {
    const l = new Lingering(30_000);
    l.update(new Map([["a", 1]]), 0);
    l.update(new Map(), 10_000);
    expect(l.update(new Map([["a", 1]]), 25_000)).toEqual(new Map([["a", 1]]));
    expect(l.update(new Map(), 50_000)).toEqual(new Map([["a", 0]]));
    expect(l.nextExpiry(new Map([["a", 1]]))).toBeNull();
  });
});
