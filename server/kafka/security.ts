import type { ConnectionOptions } from "node:tls";
import { readFileSync } from "node:fs";
import { Secret } from "../security/secret";

/**
 * How Sagascope authenticates to Kafka and encrypts the connection, from the
 * environment (KAFKA_SASL_*, KAFKA_SSL*). Parsed once at start; errors name
 * the variable and, for files, the path — never a password or key.
 */
export const SaslMechanisms = ["plain", "scram-sha-256", "scram-sha-512"] as const;
export type SaslMechanism = (typeof SaslMechanisms)[number];

export interface SaslSettings {
  mechanism: SaslMechanism;
  username: string;
  password: Secret;
}

export interface TlsSettings {
  /** PEM certificates to trust instead of Node's default CAs (KAFKA_SSL_CA_FILE). */
  ca: string | null;
  /** Client certificate and key for mutual TLS (KAFKA_SSL_CERT_FILE, KAFKA_SSL_KEY_FILE). */
  cert: string | null;
  key: Secret | null;
  rejectUnauthorized: boolean;
}

export interface KafkaSecurity {
  sasl: SaslSettings | null;
  tls: TlsSettings | null;
}

/** What the logs and the status may say about the connection's security; no secrets. */
export function describeSecurity(s: KafkaSecurity): {
  protocol: string;
  mechanism?: SaslMechanism;
  username?: string;
  verifyCertificates?: boolean;
} {
  const protocol = `${s.sasl ? "SASL_" : ""}${s.tls ? "SSL" : "PLAINTEXT"}`;
  return {
    protocol,
    ...(s.sasl ? { mechanism: s.sasl.mechanism, username: s.sasl.username } : {}),
    ...(s.tls ? { verifyCertificates: s.tls.rejectUnauthorized } : {}),
  };
}

type Env = Record<string, string | undefined>;
type ReadFile = (path: string) => string;

const readUtf8: ReadFile = (p) => readFileSync(p, "utf8");
const flags: Record<string, boolean> = { "1": true, true: true, "0": false, false: false };

/** Parses the KAFKA_SASL_* and KAFKA_SSL* variables; `errors` is empty when they are usable. */
export function parseKafkaSecurity(env: Env, read: ReadFile = readUtf8): { security: KafkaSecurity; errors: string[] } {
  const errors: string[] = [];
  const set = (name: string) => env[name] !== undefined && env[name] !== "";

  /** A file's contents, or an error naming the variable, the path and why (never the contents). */
  const file = (name: string): string | null => {
    const p = env[name]!;
    try {
      return read(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      errors.push(`${name}: cannot read ${p}${code ? ` (${code})` : ""}`);
      return null;
    }
  };

  const flag = (name: string, fallback: boolean): boolean => {
    if (!set(name)) return fallback;
    const v = flags[env[name]!.trim().toLowerCase()];
    if (v === undefined) errors.push(`${name}: must be 1 or 0`);
    return v ?? fallback;
  };

  // SASL
  let sasl: SaslSettings | null = null;
  const saslVars = ["KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD", "KAFKA_SASL_PASSWORD_FILE"].filter(set);
  if (!set("KAFKA_SASL_MECHANISM")) {
    if (saslVars.length)
      errors.push(`${saslVars.join(", ")} set but KAFKA_SASL_MECHANISM is not: set it to ${SaslMechanisms.join(", ")}`);
  } else {
    const mechanism = env.KAFKA_SASL_MECHANISM!.trim().toLowerCase();
    const known = (SaslMechanisms as readonly string[]).includes(mechanism);
    if (!known)
      errors.push(
        `KAFKA_SASL_MECHANISM: "${env.KAFKA_SASL_MECHANISM}" is not supported; use ${SaslMechanisms.join(", ")}`,
      );
    const username = env.KAFKA_SASL_USERNAME ?? "";
    if (!set("KAFKA_SASL_USERNAME")) errors.push("KAFKA_SASL_USERNAME: required when KAFKA_SASL_MECHANISM is set");
    let password: string | null = null;
    if (set("KAFKA_SASL_PASSWORD") && set("KAFKA_SASL_PASSWORD_FILE"))
      errors.push("KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are both set; set one");
    else if (set("KAFKA_SASL_PASSWORD")) password = env.KAFKA_SASL_PASSWORD!;
    else if (set("KAFKA_SASL_PASSWORD_FILE")) {
      // A secrets file usually ends with a newline the password does not contain.
      password = file("KAFKA_SASL_PASSWORD_FILE")?.replace(/\r?\n$/, "") ?? null;
      if (password === "") errors.push(`KAFKA_SASL_PASSWORD_FILE: ${env.KAFKA_SASL_PASSWORD_FILE} is empty`);
    } else errors.push("KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE: required when KAFKA_SASL_MECHANISM is set");
    if (known && username && password)
      sasl = { mechanism: mechanism as SaslMechanism, username, password: new Secret(password) };
  }

  // TLS
  let tls: TlsSettings | null = null;
  const tlsVars = [
    "KAFKA_SSL_CA_FILE",
    "KAFKA_SSL_CERT_FILE",
    "KAFKA_SSL_KEY_FILE",
    "KAFKA_SSL_REJECT_UNAUTHORIZED",
  ].filter(set);
  if (!flag("KAFKA_SSL", false)) {
    if (tlsVars.length) errors.push(`${tlsVars.join(", ")} set but KAFKA_SSL is not 1`);
  } else {
    const rejectUnauthorized = flag("KAFKA_SSL_REJECT_UNAUTHORIZED", true);
    const ca = set("KAFKA_SSL_CA_FILE") ? file("KAFKA_SSL_CA_FILE") : null;
    if (ca !== null && !ca.includes("-----BEGIN CERTIFICATE-----"))
      errors.push(`KAFKA_SSL_CA_FILE: ${env.KAFKA_SSL_CA_FILE} holds no PEM certificate`);
    if (set("KAFKA_SSL_CERT_FILE") !== set("KAFKA_SSL_KEY_FILE"))
      errors.push("KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE: set both for a client certificate, or neither");
    const cert = set("KAFKA_SSL_CERT_FILE") ? file("KAFKA_SSL_CERT_FILE") : null;
    if (cert !== null && !cert.includes("-----BEGIN CERTIFICATE-----"))
      errors.push(`KAFKA_SSL_CERT_FILE: ${env.KAFKA_SSL_CERT_FILE} holds no PEM certificate`);
    const key = set("KAFKA_SSL_KEY_FILE") ? file("KAFKA_SSL_KEY_FILE") : null;
    if (key !== null && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key))
      errors.push(`KAFKA_SSL_KEY_FILE: ${env.KAFKA_SSL_KEY_FILE} holds no PEM private key`);
    tls = { ca, cert, key: key === null ? null : new Secret(key), rejectUnauthorized };
  }

  return { security: { sasl, tls }, errors };
}

/** Node's TLS options for our TLS settings: one mapping for every Kafka client (kafkajs, the offset sampler's). */
export function tlsOptions(t: NonNullable<KafkaSecurity["tls"]>): ConnectionOptions {
  const tls: ConnectionOptions = { rejectUnauthorized: t.rejectUnauthorized };
  if (t.ca) tls.ca = [t.ca];
  if (t.cert && t.key) {
    tls.cert = t.cert;
    tls.key = t.key.reveal();
  }
  return tls;
}
