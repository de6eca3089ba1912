import { describe, expect, it } from "vitest";
import { createLogger } from "../log";
import type { SampleDeltas } from "./book";
import type { OffsetClient } from "./client";
import { createOffsetSampler } from "./sampler";

/** An in-memory client: one topic of one partition whose end offset and log size the test moves. */
function fakeClient(logSizes: OffsetClient["logSizes"]) {
  const state = { end: 0 };
  const client: OffsetClient = {
    topics: async () => [{ topic: "t", partitions: 1 }],
    offsets: async (side) => [{ topic: "t", partition: 0, offset: side === "earliest" ? 0 : state.end }],
    logSizes,
    close: async () => undefined,
  };
  return { client, state };
}

const log = createLogger("error", { test: true });

describe("offset sampler", () => {
  it("hands each sample's growth to its listeners, and stops when unsubscribed", async () => {
    const { client, state } = fakeClient(async () => []);
    const sampler = createOffsetSampler({ client, log, now: Date.now, intervalMs: 60_000, refreshMs: 0, logSizeMs: 0 });
    const seen: SampleDeltas[] = [];
    const off = sampler.onSample((d) => seen.push(d));
    await sampler.sample();
    state.end = 42;
    await sampler.sample();
    off();
    await sampler.sample();
    expect(seen.map((d) => d.topics[0]!.partitions[0]!.to - d.topics[0]!.partitions[0]!.from)).toEqual([0, 42]);
  });

  it("has bytes/s null, with the broker's reason, when log sizes are refused", async () => {
    const { client } = fakeClient(async () => {
      throw new Error("Cluster authorization failed.");
    });
    const sampler = createOffsetSampler({ client, log, now: Date.now, intervalMs: 60_000, refreshMs: 0, logSizeMs: 0 });
    expect(sampler.logSizes()).toEqual({ state: "pending", reason: null });
    await sampler.sample();
    expect(await sampler.sampleLogSizes()).toBeInstanceOf(Error);
    expect(sampler.logSizes()).toEqual({ state: "unavailable", reason: "Cluster authorization failed." });
    expect(sampler.bytesPerSec("t")).toBeNull();
  });

  it("has bytes/s from the growth of the log sizes between two samples", async () => {
    let bytes = 1_000;
    let now = 0;
    const { client } = fakeClient(async () => [{ topic: "t", partition: 0, bytes }]);
    const sampler = createOffsetSampler({
      client,
      log,
      now: () => now,
      intervalMs: 60_000,
      refreshMs: 0,
      logSizeMs: 0,
    });
    await sampler.sample();
    await sampler.sampleLogSizes();
    expect(sampler.bytesPerSec("t")).toBeNull();
    bytes += 30_000;
    now += 30_000;
    await sampler.sampleLogSizes();
    expect(sampler.logSizes().state).toBe("ok");
    expect(sampler.bytesPerSec("t")).toBe(1_000);
  });
});
