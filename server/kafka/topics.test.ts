import { describe, expect, it } from "vitest";
import { diffTopics, isApplicationTopic, topicScope } from "./topics";

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

describe("topicScope (TOPICS_INCLUDE, TOPICS_EXCLUDE)", () => {
  it("keeps every application topic when no pattern is given", () => {
    const inScope = topicScope();
    expect(inScope("orders")).toBe(true);
    expect(inScope("__consumer_offsets")).toBe(false);
  });

  it("keeps only included topics, and exclude wins over include", () => {
    const inScope = topicScope(["orders.*", "payments"], ["*.test", "orders.debug*"]);
    expect(inScope("orders.created")).toBe(true);
    expect(inScope("payments")).toBe(true);
    expect(inScope("payments.v2")).toBe(false);
    expect(inScope("shipping")).toBe(false);
    expect(inScope("orders.test")).toBe(false);
    expect(inScope("orders.debug.raw")).toBe(false);
  });

  it("never lets an include pattern bring back Kafka's internal topics", () => {
    expect(topicScope(["*"])("__consumer_offsets")).toBe(false);
  });

  it("drops excluded topics from the difference, so ingest neither reads nor lists them", () => {
    const inScope = topicScope([], ["noisy.*"]);
    expect(diffTopics(new Set(["a"]), ["a", "noisy.logs", "b"], inScope)).toEqual({ added: ["b"], removed: [] });
    expect(diffTopics(new Set(["a", "noisy.logs"]), ["a", "noisy.logs"], inScope)).toEqual({
      added: [],
      removed: ["noisy.logs"],
    });
  });
});
