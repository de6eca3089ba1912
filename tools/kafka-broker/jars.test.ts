import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cacheDir, kafkaVersion } from "./jars";

const cli = path.join(import.meta.dirname, "cli.ts");

describe("missing prerequisites", () => {
  it("says exactly what to install, and how to use an existing cluster instead, when Java is missing", () => {
    // Node is started by absolute path; an empty PATH hides java and mvn from the tool.
    const env: Record<string, string | undefined> = { ...process.env, PATH: "/nonexistent" };
    delete env.KAFKA_BROKERS;
    const r = spawnSync(process.execPath, ["--import", "tsx", cli, "fetch"], {
      env: env as NodeJS.ProcessEnv,
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("[JAVA_MISSING]");
    expect(r.stderr).toContain("apt-get install -y openjdk-17-jre-headless");
    expect(r.stderr).toContain("KAFKA_BROKERS=host:9092");
  });
});

describe("cache location", () => {
  it("is versioned and honours SAGASCOPE_CACHE_DIR and XDG_CACHE_HOME", () => {
    expect(cacheDir({ SAGASCOPE_CACHE_DIR: "/c" })).toBe(`/c/kafka-${kafkaVersion()}`);
    expect(cacheDir({ XDG_CACHE_HOME: "/x" })).toBe(`/x/sagascope/kafka-${kafkaVersion()}`);
    expect(kafkaVersion()).toMatch(/^4\.\d+\.\d+$/);
  });
});
