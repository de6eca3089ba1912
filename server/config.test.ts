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
    expect(c.offsetSampleMs).toBe(2000);
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
    expect(() => loadConfig({ OFFSET_SAMPLE_MS: "50" })).toThrow(/OFFSET_SAMPLE_MS/);
    expect(loadConfig({ OFFSET_SAMPLE_MS: "500" }).offsetSampleMs).toBe(500);
  });

  it("reads TOPICS_INCLUDE and TOPICS_EXCLUDE as glob lists and refuses characters no topic name has", () => {
    expect(loadConfig({}).topics).toEqual({ include: [], exclude: [] });
    expect(loadConfig({ TOPICS_INCLUDE: " orders.*, payments ,", TOPICS_EXCLUDE: "*.test" }).topics).toEqual({
      include: ["orders.*", "payments"],
      exclude: ["*.test"],
    });
    expect(() => loadConfig({ TOPICS_INCLUDE: "orders/*" })).toThrow(/TOPICS_INCLUDE/);
    expect(() => loadConfig({ TOPICS_EXCLUDE: "a b" })).toThrow(/TOPICS_EXCLUDE/);
  });

  it("reads the account settings; an admin user without a password is refused", () => {
    const c = loadConfig({
      SESSION_TTL_HOURS: "2",
      COOKIE_SECURE: "1",
      SAGASCOPE_ADMIN_USER: "root",
      SAGASCOPE_ADMIN_PASSWORD: "correct horse battery",
    });
    expect(c.auth).toMatchObject({ sessionTtlMs: 7_200_000, cookieSecure: true, bootstrapAdmin: { username: "root" } });
    expect(c.auth.bootstrapAdmin!.password.reveal()).toBe("correct horse battery");
    expect(JSON.stringify(c)).not.toContain("correct horse battery");
    expect(loadConfig({}).auth.bootstrapAdmin).toBeNull();
    expect(() => loadConfig({ SAGASCOPE_ADMIN_USER: "root" })).toThrow(/SAGASCOPE_ADMIN_USER is set without/);
    expect(() =>
      loadConfig({ SAGASCOPE_ADMIN_USER: "root", SAGASCOPE_ADMIN_PASSWORD_FILE: "/nonexistent/pw" }),
    ).toThrow(/SAGASCOPE_ADMIN_PASSWORD_FILE cannot be read/);
    // Beyond loopback the config loads; the server refuses to start later if no account exists (server/auth/startup.ts).
    expect(loadConfig({ HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
  });
});

describe("Kafka SASL and TLS settings", () => {
  const sasl = {
    KAFKA_SASL_MECHANISM: "scram-sha-512",
    KAFKA_SASL_USERNAME: "svc-sagascope",
    KAFKA_SASL_PASSWORD: "config-canary-pw",
  };

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
    expect(() => loadConfig({ KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_USERNAME: "u" })).toThrow(
      /KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE: required/,
    );
    expect(() => loadConfig({ KAFKA_SSL: "1", KAFKA_SSL_CA_FILE: "/definitely/not/here.pem" })).toThrow(
      /KAFKA_SSL_CA_FILE: cannot read \/definitely\/not\/here.pem \(ENOENT\)/,
    );
  });
});
