import { describe, expect, it } from "vitest";
import { pageOf, sortAndFilter, TopicViews, type TopicStat } from "./topic-view";

const stat = (topic: string, recordsPerSec: number, partitions = 1): TopicStat => ({
  topic,
  partitions,
  deadLetter: topic.endsWith(".DLT"),
  recordsPerSec,
  bytesPerSec: recordsPerSec * 10,
  totalRecords: recordsPerSec * 100,
  totalBytes: recordsPerSec * 1000,
});
const names = (rows: readonly TopicStat[]) => rows.map((r) => r.topic);
const rows = [stat("payments", 5, 3), stat("orders", 9, 2), stat("orders.DLT", 0), stat("audit", 5, 12)];

describe("sortAndFilter", () => {
  it("sorts by any column in either direction, ties by name", () => {
    expect(names(sortAndFilter(rows, { sort: "recordsPerSec", dir: "desc", q: "" }))).toEqual([
      "orders",
      "audit",
      "payments",
      "orders.DLT",
    ]);
    expect(names(sortAndFilter(rows, { sort: "topic", dir: "asc", q: "" }))).toEqual([
      "audit",
      "orders",
      "orders.DLT",
      "payments",
    ]);
    expect(names(sortAndFilter(rows, { sort: "topic", dir: "desc", q: "" }))).toEqual([
      "payments",
      "orders.DLT",
      "orders",
      "audit",
    ]);
    expect(names(sortAndFilter(rows, { sort: "partitions", dir: "asc", q: "" }))).toEqual([
      "orders.DLT",
      "orders",
      "payments",
      "audit",
    ]);
  });

  it("filters by a substring of the name, case-insensitively, or by the exact name", () => {
    expect(names(sortAndFilter(rows, { sort: "topic", dir: "asc", q: " ORDERS " }))).toEqual(["orders", "orders.DLT"]);
    expect(names(sortAndFilter(rows, { sort: "topic", dir: "asc", q: "", topic: "orders" }))).toEqual(["orders"]);
    expect(sortAndFilter(rows, { sort: "topic", dir: "asc", q: "nothing" })).toEqual([]);
  });

  it("does not reorder its input", () => {
    const input = [...rows];
    sortAndFilter(input, { sort: "topic", dir: "asc", q: "" });
    expect(input).toEqual(rows);
  });
});

describe("pageOf", () => {
  it("cuts a page; past the end is empty", () => {
    const sorted = Array.from({ length: 10 }, (_, i) => i);
    expect(pageOf(sorted, 0, 3)).toEqual([0, 1, 2]);
    expect(pageOf(sorted, 8, 3)).toEqual([8, 9]);
    expect(pageOf(sorted, 10, 3)).toEqual([]);
  });
});

describe("TopicViews", () => {
  it("sorts each distinct view once per snapshot, whatever the page or the number of askers", () => {
    let snapshot = { rows };
    const views = new TopicViews(() => snapshot);
    const a = views.get({ sort: "topic", dir: "asc", q: "orders" });
    views.get({ sort: "topic", dir: "asc", q: "ORDERS " }); // the same view
    views.get({ sort: "topic", dir: "asc", q: "orders" });
    expect(views.computed).toBe(1);
    expect(names(a.sorted)).toEqual(["orders", "orders.DLT"]);
    views.get({ sort: "topic", dir: "desc", q: "orders" });
    expect(views.computed).toBe(2);

    // A new snapshot (the next second) forgets the old views.
    snapshot = { rows: [...rows, stat("orders-eu", 1)] };
    const b = views.get({ sort: "topic", dir: "asc", q: "orders" });
    expect(views.computed).toBe(3);
    expect(names(b.sorted)).toEqual(["orders", "orders.DLT", "orders-eu"].sort(new Intl.Collator("en").compare));
  });

  it("sorts 10,000 topics into pages that agree with one another", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => stat(`t-${String(i).padStart(5, "0")}`, i % 7, (i % 5) + 1));
    const views = new TopicViews(() => ({ rows: many }));
    const { sorted } = views.get({ sort: "partitions", dir: "desc", q: "" });
    expect(sorted).toHaveLength(10_000);
    const pages = [0, 100, 200].flatMap((o) => pageOf(sorted, o, 100));
    for (let i = 1; i < pages.length; i++) {
      const [p, n] = [pages[i - 1]!, pages[i]!];
      expect(p.partitions > n.partitions || (p.partitions === n.partitions && p.topic < n.topic)).toBe(true);
    }
    expect(views.get({ sort: "partitions", dir: "desc", q: "t-0999" }).sorted.map((r) => r.topic)).toHaveLength(10);
  });
});
