import { describe, expect, it } from "vitest";
import { diffTopics, isApplicationTopic } from "./topics";

describe("topics", () => {
  it("skips Kafka's and Confluent's internal topics", () => {
    expect(isApplicationTopic("__consumer_offsets")).toBe(false);
    expect(isApplicationTopic("__share_group_state")).toBe(false);
    expect(isApplicationTopic("_confluent-metrics")).toBe(false);
    expect(isApplicationTopic("_schemas")).toBe(false);
    expect(isApplicationTopic("orders")).toBe(true);
    expect(isApplicationTopic("payments.DLT")).toBe(true);
  });

  it("reports added and removed application topics", () => {
    const change = diffTopics(new Set(["a", "b"]), ["b", "c", "__consumer_offsets"]);
    expect(change).toEqual({ added: ["c"], removed: ["a"] });
  });

  it("reports nothing when the set is unchanged", () => {
    expect(diffTopics(new Set(["a"]), ["a"])).toEqual({ added: [], removed: [] });
  });
});
