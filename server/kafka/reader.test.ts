import { describe, expect, it } from "vitest";
import { ReadError, ReadLimiter } from "./reader";

const gate = () => {
  let open: () => void = () => undefined;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
};

describe("ReadLimiter", () => {
  it("runs at most `max` reads at once, queues `queue` more and refuses the rest with BUSY", async () => {
    const l = new ReadLimiter(2, 1);
    const gates = [gate(), gate(), gate()];
    let started = 0;
    const runs = gates.map((g) => l.run(async () => (started++, await g.p, started)));
    await Promise.resolve();
    expect(started).toBe(2);
    expect(l.active).toBe(2);
    expect(l.queued).toBe(1);
    await expect(l.run(async () => 0)).rejects.toBeInstanceOf(ReadError);
    await expect(l.run(async () => 0)).rejects.toMatchObject({ code: "BUSY" });
    gates[0]!.open();
    await runs[0];
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toBe(3); // the queued read took the freed slot
    expect(l.active).toBe(2);
    gates[1]!.open();
    gates[2]!.open();
    await Promise.all(runs);
    expect(l.active).toBe(0);
    expect(l.queued).toBe(0);
  });

  it("frees the slot when a read fails", async () => {
    const l = new ReadLimiter(1, 0);
    await expect(l.run(async () => Promise.reject(new Error("broker gone")))).rejects.toThrow("broker gone");
    await expect(l.run(async () => 7)).resolves.toBe(7);
  });
});
