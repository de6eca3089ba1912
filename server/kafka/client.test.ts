import { describe, expect, it } from "vitest";
import { Secret } from "../security/secret";
import { connectionFromEnv, kafkajsSecurity } from "./client";

describe("kafkajsSecurity", () => {
  it("is empty for plaintext", () => {
    expect(kafkajsSecurity({ sasl: null, tls: null })).toEqual({});
  });

  it("maps SASL and TLS settings to kafkajs options, revealing the secrets only there", () => {
    const out = kafkajsSecurity({
      sasl: { mechanism: "scram-sha-512", username: "bob", password: new Secret("client-test-pw") },
      tls: { ca: "CA-PEM", cert: "CERT-PEM", key: new Secret("KEY-PEM"), rejectUnauthorized: false },
    });
    expect(out).toEqual({
      sasl: { mechanism: "scram-sha-512", username: "bob", password: "client-test-pw" },
      ssl: { ca: ["CA-PEM"], cert: "CERT-PEM", key: "KEY-PEM", rejectUnauthorized: false },
    });
    expect(kafkajsSecurity({ sasl: null, tls: { ca: null, cert: null, key: null, rejectUnauthorized: true } })).toEqual(
      { ssl: { rejectUnauthorized: true } },
    );
  });
});

describe("connectionFromEnv", () => {
  const env = { KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_USERNAME: "u", KAFKA_SASL_PASSWORD: "env-pw-1" };
  it("applies the environment's security to a given cluster only", () => {
    expect(connectionFromEnv(["k:9092"], false, env).security.sasl?.username).toBe("u");
    expect(connectionFromEnv(["127.0.0.1:1"], true, env).security).toEqual({ sasl: null, tls: null });
  });
  it("refuses a broken setting without echoing the password", () => {
    expect(() =>
      connectionFromEnv(["k:9092"], false, {
        KAFKA_SASL_MECHANISM: "nope",
        KAFKA_SASL_USERNAME: "u",
        KAFKA_SASL_PASSWORD: "env-pw-2",
      }),
    ).toThrow(/KAFKA_SASL_MECHANISM/);
    try {
      connectionFromEnv(["k:9092"], false, {
        KAFKA_SASL_MECHANISM: "nope",
        KAFKA_SASL_USERNAME: "u",
        KAFKA_SASL_PASSWORD: "env-pw-2",
      });
    } catch (err) {
      expect((err as Error).message).not.toContain("env-pw-2");
    }
  });
});
