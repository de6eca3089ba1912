import { redactSecrets } from "../security/secret";
import type { KafkaSecurity } from "./security";

export type KafkaFailureCode = "KAFKA_AUTH_FAILED" | "KAFKA_TLS_FAILED" | "KAFKA_UNREACHABLE";

/** Node's codes for a certificate the client would not trust, and for a TLS handshake that failed. */
const tlsCodes = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_|EPROTO$)/;

/** The error and the errors it wraps (kafkajs nests them in `cause` and `originalError`). */
function chain(err: unknown): Array<{ name?: string; message?: string; code?: unknown }> {
  const out: Array<{ name?: string; message?: string; code?: unknown }> = [];
  let e = err as
    | { name?: string; message?: string; code?: unknown; cause?: unknown; originalError?: unknown }
    | undefined;
  while (e && typeof e === "object" && out.length < 8 && !out.includes(e)) {
    out.push(e);
    e = (e.cause ?? e.originalError) as typeof e;
  }
  return out;
}

/**
 * Why a connection to Kafka failed, as a code the UI shows a message for and
 * an operator-readable message: an authentication failure names the
 * mechanism and user, a TLS failure says the certificate was not trusted.
 * Messages are scrubbed of configured secrets.
 */
export function describeKafkaFailure(
  err: unknown,
  security: KafkaSecurity,
): { code: KafkaFailureCode; message: string } {
  const errors = chain(err);
  const top = errors[0]?.message ?? String(err);
  const auth = errors.find((e) => e.name === "KafkaJSSASLAuthenticationError");
  if (auth) {
    const who = security.sasl
      ? `SASL ${security.sasl.mechanism.toUpperCase()} authentication as "${security.sasl.username}" failed`
      : "SASL authentication failed";
    return { code: "KAFKA_AUTH_FAILED", message: redactSecrets(`${who}: ${auth.message ?? top}`) };
  }
  const tls = errors.find((e) => typeof e.code === "string" && tlsCodes.test(e.code));
  if (tls) {
    const hint = security.tls?.ca
      ? "the broker's certificate is not signed by KAFKA_SSL_CA_FILE, or names another host"
      : "the broker's certificate is not trusted; set KAFKA_SSL_CA_FILE to its CA";
    return {
      code: "KAFKA_TLS_FAILED",
      message: redactSecrets(`TLS handshake failed (${String(tls.code)}): ${hint}. ${tls.message ?? top}`),
    };
  }
  return { code: "KAFKA_UNREACHABLE", message: redactSecrets(top) };
}
