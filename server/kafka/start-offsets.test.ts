import { describe, expect, it } from "vitest";
import { latestWhereUnset } from "./start-offsets";

const admin = (committed: Record<string, Record<number, string>>, ends: Record<string, Record<number, string>>) => ({
  fetchOffsets: async ({ topics }: { groupId: string; topics?: string[] }) =>
    (topics ?? []).map((topic) => ({
      topic,
      partitions: Object.entries(committed[topic] ?? {}).map(([p, offset]) => ({
        partition: Number(p),
        offset,
        metadata: null,
      })),
    })),
  fetchTopicOffsets: async (topic: string) =>
    Object.entries(ends[topic] ?? {}).map(([p, high]) => ({ partition: Number(p), offset: high, high, low: "0" })),
});

describe("latestWhereUnset", () => {
  it("seeks only the partitions without a committed offset, to their end", async () => {
    const a = admin(
      { a: { 0: "5", 1: "-1" }, b: { 0: "-1" }, c: { 0: "3" } },
      { a: { 0: "9", 1: "42" }, b: { 0: "0" }, c: { 0: "7" } },
    );
    expect(await latestWhereUnset(a as never, "g", ["a", "b", "c"])).toEqual([
      { topic: "a", partition: 1, offset: "42" },
      { topic: "b", partition: 0, offset: "0" },
    ]);
  });

  it("asks nothing when there are no topics", async () => {
    const a = {
      fetchOffsets: () => Promise.reject(new Error("called")),
      fetchTopicOffsets: () => Promise.reject(new Error("called")),
    };
    expect(await latestWhereUnset(a as never, "g", [])).toEqual([]);
  });
});
