import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDefinition } from "./definition";
import { loadDefinitions } from "./load";

const base = {
  name: "pay",
  topics: ["payments"],
  correlation: "headers.saga-id",
  eventType: ["headers.ce_type", "value.type"],
  initial: "start",
  states: { start: {}, done: { terminal: "completed" } },
  transitions: [{ from: "start", event: "Paid", to: "done" }],
};

describe("saga definitions", () => {
  it("accepts a valid definition and normalises paths to lists", () => {
    const r = parseDefinition("pay.json", JSON.stringify(base));
    expect(r.ok && r.definition.correlation).toEqual(["headers.saga-id"]);
  });

  it("reports file, saga, field and what is wrong", () => {
    const bad = {
      ...base,
      correlation: "saga-id",
      transitions: [
        { from: "start", event: "Paid", to: "dnoe" },
        { from: "done", event: "X", to: "start" },
      ],
    };
    const r = parseDefinition("sagas/pay.json", JSON.stringify(bad));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.broken.file).toBe("sagas/pay.json");
    expect(r.broken.saga).toBe("pay");
    expect(r.broken.errors).toEqual(
      expect.arrayContaining([
        { field: "correlation", message: expect.stringContaining("headers.<name>") },
        { field: "transitions.0.to", message: '"dnoe" is not one of the states' },
        { field: "transitions.1.from", message: '"done" is terminal; nothing leaves it' },
      ]),
    );
    expect(parseDefinition("x.json", "{ nope")).toMatchObject({
      ok: false,
      broken: { saga: null, errors: [{ field: "(file)" }] },
    });
  });

  it("loads a directory, keeping good files and reporting broken and duplicate ones", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "sagas-"));
    writeFileSync(path.join(dir, "a.json"), JSON.stringify(base));
    writeFileSync(path.join(dir, "b.json"), JSON.stringify(base));
    writeFileSync(path.join(dir, "c.json"), "{");
    writeFileSync(path.join(dir, "notes.txt"), "ignored");
    const r = loadDefinitions(dir);
    expect(r.definitions.map((d) => d.name)).toEqual(["pay"]);
    expect(r.broken.map((b) => path.basename(b.file))).toEqual(["b.json", "c.json"]);
    expect(loadDefinitions(path.join(dir, "missing"))).toEqual({ definitions: [], broken: [] });
  });
});
