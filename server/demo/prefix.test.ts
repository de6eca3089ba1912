import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadDefinitions } from "../sagas/load";
import { prefixedSagaDir } from "./prefix";

describe("prefixed saga definitions", () => {
  it("prefixes every topic of the shipped sagas and keeps them valid", () => {
    const out = prefixedSagaDir(path.resolve("sagas"), "e2e-demo-", mkdtempSync(path.join(os.tmpdir(), "sagas-")));
    const { definitions, broken } = loadDefinitions(out);
    expect(broken).toEqual([]);
    expect(definitions.map((d) => d.name).sort()).toEqual(["order", "return"]);
    for (const d of definitions) for (const t of d.topics) expect(t.startsWith("e2e-demo-")).toBe(true);
    expect(JSON.parse(readFileSync(path.join(out, "order.json"), "utf8")).transitions.length).toBeGreaterThan(5);
  });
});
