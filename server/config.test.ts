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

describe("Kafka SASL and TLS settings", () => {
  const sasl = { KAFKA_SASL_MECHANISM: "scram-sha-512", KAFKA_SASL_USERNAME: "svc-sagascope", KAFKA_SASL_PASSWORD: "config-canary-pw" };

  it("are part of the config, with the password hidden from serialisation", () => {
    const c = loadConfig(sasl);
    expect(c.kafkaSecurity.sasl).toMatchObject({ mechanism: "scram-sha-512", username: "svc-sagascope" });
    expect(c.kafkaSecurity.sasl!.password.reveal()).toBe("config-canary-pw");
    expect(JSON.stringify(c)).not.toContain("config-canary-pw");
    expect(loadConfig({}).kafkaSecurity).toEqual({ sasl: null, tls: null });
  });

  it("stop the start with a ConfigError naming the variable, never the password", () => {
    let err: unknown;
    try {
      loadConfig({ ...sasl, KAFKA_SASL_MECHANISM: "scram-sha-1" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/KAFKA_SASL_MECHANISM/);
    expect((err as Error).message).not.toContain("config-canary-pw");
    expect(() => loadConfig({ KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_USERNAME: "u" })).toThrow(/KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE: required/);
    expect(() => loadConfig({ KAFKA_SSL: "1", KAFKA_SSL_CA_FILE: "/definitely/not/here.pem" })).toThrow(/KAFKA_SSL_CA_FILE: cannot read \/definitely\/not\/here.pem \(ENOENT\)/);
  });
});
