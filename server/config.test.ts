import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

describe("loadConfig", () => {
  it("applies documented defaults", () => {
    const c = loadConfig({ SAGASCOPE_INSTANCE: "box1" });
    expect(c.port).toBe(3000);
    expect(c.host).toBe("127.0.0.1");
    expect(c.brokers).toEqual(["localhost:9092"]);
    expect(c.groupId).toBe("sagascope-box1");
    expect(c.startFrom).toBe("latest");
    expect(c.pushIntervalMs).toBe(75);
  });

  it("splits broker lists and honours an explicit group id", () => {
    const c = loadConfig({ KAFKA_BROKERS: " a:9092, b:9093 ,", KAFKA_GROUP_ID: "mine" });
    expect(c.brokers).toEqual(["a:9092", "b:9093"]);
    expect(c.groupId).toBe("mine");
  });

  it("rejects bad values with a coded error naming the variable", () => {
    expect(() => loadConfig({ PORT: "http" })).toThrow(ConfigError);
    expect(() => loadConfig({ KAFKA_START_FROM: "middle" })).toThrow(/KAFKA_START_FROM/);
    expect(() => loadConfig({ KAFKA_BROKERS: " , " })).toThrow(/KAFKA_BROKERS/);
  });

  it("refuses to listen beyond loopback without an operator token and an explicit ALLOW_OPEN_READS", () => {
    const token = "0123456789abcdef0123";
    expect(loadConfig({ HOST: "127.0.0.1" }).host).toBe("127.0.0.1");
    expect(loadConfig({ HOST: "localhost" }).host).toBe("localhost");
    expect(() => loadConfig({ HOST: "0.0.0.0" })).toThrow(/HOST=0.0.0.0 is not loopback and OPERATOR_TOKEN is not set/);
    expect(() => loadConfig({ HOST: "0.0.0.0", OPERATOR_TOKEN: token })).toThrow(/no login yet.*ALLOW_OPEN_READS=1/);
    expect(() => loadConfig({ HOST: "10.1.2.3", ALLOW_OPEN_READS: "1" })).toThrow(/OPERATOR_TOKEN/);
    expect(loadConfig({ HOST: "0.0.0.0", OPERATOR_TOKEN: token, ALLOW_OPEN_READS: "1" }).host).toBe("0.0.0.0");
  });
});
