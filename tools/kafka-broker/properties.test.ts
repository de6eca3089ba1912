import { describe, expect, it } from "vitest";
import { parseJavaMajor, randomClusterId, renderProperties } from "./properties";

describe("renderProperties", () => {
  const text = renderProperties({ port: 19092, controllerPort: 19093, logDir: "/tmp/k/data" });
  const props = Object.fromEntries(text.trim().split("\n").map((l) => l.split(/=(.*)/s).slice(0, 2)));

  it("configures one combined KRaft node on loopback", () => {
    expect(props["process.roles"]).toBe("broker,controller");
    expect(props["listeners"]).toBe("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093");
    expect(props["advertised.listeners"]).toBe("PLAINTEXT://127.0.0.1:19092");
    expect(props["controller.quorum.bootstrap.servers"]).toBe("127.0.0.1:19093");
    expect(props["log.dirs"]).toBe("/tmp/k/data");
  });

  it("uses replication factor 1, no join delay and room for 10 MB records", () => {
    expect(props["offsets.topic.replication.factor"]).toBe("1");
    expect(props["transaction.state.log.min.isr"]).toBe("1");
    expect(props["group.initial.rebalance.delay.ms"]).toBe("0");
    expect(Number(props["message.max.bytes"])).toBeGreaterThan(10 * 1024 * 1024);
  });
});

describe("randomClusterId", () => {
  it("is 22 URL-safe characters", () => {
    expect(randomClusterId(() => new Uint8Array(16).fill(255))).toBe("_____________________w");
  });
  it("never starts with a dash (the storage tool would take it for an option)", () => {
    const draws = [new Uint8Array(16).fill(0xf8), new Uint8Array(16).fill(1)];
    const id = randomClusterId(() => draws.shift()!);
    expect(Buffer.from(new Uint8Array(16).fill(0xf8)).toString("base64url").startsWith("-")).toBe(true);
    expect(id).toBe(Buffer.from(new Uint8Array(16).fill(1)).toString("base64url"));
  });
});

describe("parseJavaMajor", () => {
  it("reads modern and legacy version strings", () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('java version "1.8.0_392"')).toBe(8);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(parseJavaMajor("nonsense")).toBeNull();
  });
});
