import { describe, expect, it } from "vitest";
import type { WireRecord } from "@contract";
import { LiveStore } from "./live-store";

const p = { encoding: "text" as const, text: "v", bytes: 1, truncated: false };
const rec = (topic: string, offset: number): WireRecord => ({
  id: `${topic}/0/${offset}`,
  topic,
  partition: 0,
  offset: String(offset),
  timestamp: 1,
  key: p,
  headers: [],
  value: p,
  size: 2,
});
const batch = (...records: WireRecord[]) => ({ records, dropped: 0 });

/** A store whose notifications run when the test says so. */
function manual(capacity = 5) {
  const queue: Array<() => void> = [];
  const store = new LiveStore(capacity, (fn) => queue.push(fn));
  let notified = 0;
  store.subscribe(() => notified++);
  const flush = () =>
    queue.splice(0).forEach((fn) => {
      fn();
    });
  return { store, flush, notified: () => notified };
}

const offsets = (s: LiveStore) => s.getSnapshot().visible.map((r) => r.offset);

describe("LiveStore", () => {
  it("shows the newest first and keeps at most its capacity", () => {
    const { store } = manual(3);
    store.receiveBatch(batch(rec("a", 1), rec("a", 2)));
    store.receiveBatch(batch(rec("a", 3), rec("a", 4)));
    expect(offsets(store)).toEqual(["4", "3", "2"]);
    expect(store.getSnapshot().buffered).toBe(3);
  });

  it("drops records it already has (a reconnect can resend)", () => {
    const { store } = manual();
    store.receiveBatch(batch(rec("a", 1)));
    store.receiveBatch(batch(rec("a", 1), rec("a", 2)));
    expect(offsets(store)).toEqual(["2", "1"]);
  });

  it("accepts a record again once it has left the bounded buffer", () => {
    const { store } = manual(1);
    store.receiveBatch(batch(rec("a", 1)));
    store.receiveBatch(batch(rec("a", 2)));
    store.receiveBatch(batch(rec("a", 1)));
    expect(offsets(store)).toEqual(["1"]);
  });

  it("notifies once for many batches in the same tick and keeps identity of unchanged data", () => {
    const { store, flush, notified } = manual();
    store.receiveBatch(batch(rec("a", 1)));
    const first = store.getSnapshot().visible[0];
    store.receiveBatch(batch(rec("a", 2)));
    store.receiveBatch(batch(rec("a", 3)));
    expect(notified()).toBe(0);
    flush();
    expect(notified()).toBe(1);
    expect(store.getSnapshot().visible[2]).toBe(first);
  });

  it("holds records while paused and shows them on resume", () => {
    const { store } = manual();
    store.receiveBatch(batch(rec("a", 1)));
    store.setPaused(true);
    store.receiveBatch(batch(rec("a", 2), rec("a", 3)));
    expect(offsets(store)).toEqual(["1"]);
    expect(store.getSnapshot().pendingWhilePaused).toBe(2);
    store.setPaused(false);
    expect(offsets(store)).toEqual(["3", "2", "1"]);
    expect(store.getSnapshot().pendingWhilePaused).toBe(0);
  });

  it("filters by topic without losing hidden records", () => {
    const { store } = manual();
    store.receiveBatch(batch(rec("a", 1), rec("b", 1)));
    expect(store.getSnapshot().topicsSeen).toEqual(["a", "b"]);
    store.toggleTopic("a");
    expect(store.getSnapshot().visible.map((r) => r.topic)).toEqual(["b"]);
    store.toggleTopic("a");
    expect(store.getSnapshot().visible).toHaveLength(2);
  });

  it("counts invalid payloads and server-side drops instead of crashing", () => {
    const { store } = manual();
    store.receiveBatch({ records: [{ id: 5 }], dropped: 0 });
    store.receiveStatus("nonsense");
    store.receiveBatch({ records: [], dropped: 7 });
    expect(store.getSnapshot().invalid).toBe(2);
    expect(store.getSnapshot().droppedByServer).toBe(7);
    expect(store.getSnapshot().visible).toHaveLength(0);
  });
});
