import { describe, expect, it } from "vitest";
import { Secret } from "../security/secret";
import { describeKafkaFailure } from "./failure";
import type { KafkaSecurity } from "./security";

/** Errors shaped as kafkajs 2.2 throws them (name, nested cause). */
const kafkajsError = (name: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { name, ...extra });

const scram: KafkaSecurity = {
  sasl: { mechanism: "scram-sha-256", username: "alice", password: new Secret("failure-canary-pw") },
  tls: null,
};

describe("describeKafkaFailure", () => {
  it("names the mechanism and user when the login is refused, also when wrapped in retries", () => {
    const auth = kafkajsError(
      "KafkaJSSASLAuthenticationError",
      "SASL SCRAM SHA256 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256",
    );
    const wrapped = kafkajsError("KafkaJSNumberOfRetriesExceeded", auth.message, { cause: auth });
    for (const err of [auth, wrapped]) {
      const f = describeKafkaFailure(err, scram);
      expect(f.code).toBe("KAFKA_AUTH_FAILED");
      expect(f.message).toMatch(/^SASL SCRAM-SHA-256 authentication as "alice" failed: /);
    }
  });

  it("says a certificate was not trusted, pointing at KAFKA_SSL_CA_FILE", () => {
    const tls = kafkajsError(
      "KafkaJSConnectionError",
      "Connection error: self-signed certificate in certificate chain",
      { code: "SELF_SIGNED_CERT_IN_CHAIN" },
    );
    const none = describeKafkaFailure(tls, {
      sasl: null,
      tls: { ca: null, cert: null, key: null, rejectUnauthorized: true },
    });
    expect(none).toMatchObject({ code: "KAFKA_TLS_FAILED" });
    expect(none.message).toMatch(/SELF_SIGNED_CERT_IN_CHAIN.*set KAFKA_SSL_CA_FILE/);
    const withCa = describeKafkaFailure(kafkajsError("KafkaJSNonRetriableError", "x", { cause: tls }), {
      sasl: null,
      tls: { ca: "pem", cert: null, key: null, rejectUnauthorized: true },
    });
    expect(withCa.message).toMatch(/not signed by KAFKA_SSL_CA_FILE/);
  });

  it("keeps anything else as unreachable, scrubbed of secrets", () => {
    const f = describeKafkaFailure(new Error("Connection error: ECONNREFUSED failure-canary-pw"), scram);
    expect(f).toEqual({ code: "KAFKA_UNREACHABLE", message: "Connection error: ECONNREFUSED [redacted]" });
    expect(describeKafkaFailure("plain string", scram).code).toBe("KAFKA_UNREACHABLE");
  });
});
