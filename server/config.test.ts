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

  it("reads the account settings; an admin user without a password is refused", () => {
    const c = loadConfig({ SESSION_TTL_HOURS: "2", COOKIE_SECURE: "1", SAGASCOPE_ADMIN_USER: "root", SAGASCOPE_ADMIN_PASSWORD: "correct horse battery" });
    expect(c.auth).toEqual({ sessionTtlMs: 7_200_000, cookieSecure: true, bootstrapAdmin: { username: "root", password: "correct horse battery" } });
    expect(loadConfig({}).auth.bootstrapAdmin).toBeNull();
    expect(() => loadConfig({ SAGASCOPE_ADMIN_USER: "root" })).toThrow(/SAGASCOPE_ADMIN_USER is set without/);
    expect(() => loadConfig({ SAGASCOPE_ADMIN_USER: "root", SAGASCOPE_ADMIN_PASSWORD_FILE: "/nonexistent/pw" })).toThrow(/SAGASCOPE_ADMIN_PASSWORD_FILE cannot be read/);
    // Beyond loopback the config loads; the server refuses to start later if no account exists (server/auth/startup.ts).
    expect(loadConfig({ HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
  });
});
