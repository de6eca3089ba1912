import { describe, expect, it } from "vitest";
import { describeSecurity, parseKafkaSecurity } from "./security";

const PEM_CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const PEM_KEY = "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n";
const files: Record<string, string> = {
  "/s/password": "s3cret-from-file\n",
  "/s/empty": "\n",
  "/s/ca.pem": PEM_CERT,
  "/s/cert.pem": PEM_CERT,
  "/s/key.pem": PEM_KEY,
  "/s/junk": "hello",
};
const read = (p: string) => {
  if (p in files) return files[p]!;
  throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: "ENOENT" });
};
const parse = (env: Record<string, string>) => parseKafkaSecurity(env, read);

describe("parseKafkaSecurity", () => {
  it("means plaintext without any variable", () => {
    expect(parse({})).toEqual({ security: { sasl: null, tls: null }, errors: [] });
  });

  it.each(["plain", "scram-sha-256", "scram-sha-512", "SCRAM-SHA-512"])(
    "takes mechanism %s with a username and password",
    (m) => {
      const { security, errors } = parse({
        KAFKA_SASL_MECHANISM: m,
        KAFKA_SASL_USERNAME: "alice",
        KAFKA_SASL_PASSWORD: "pw-1234",
      });
      expect(errors).toEqual([]);
      expect(security.sasl).toMatchObject({ mechanism: m.toLowerCase(), username: "alice" });
      expect(security.sasl!.password.reveal()).toBe("pw-1234");
      expect(security.tls).toBeNull();
    },
  );

  it("reads the password from a file without its trailing newline", () => {
    const { security, errors } = parse({
      KAFKA_SASL_MECHANISM: "plain",
      KAFKA_SASL_USERNAME: "alice",
      KAFKA_SASL_PASSWORD_FILE: "/s/password",
    });
    expect(errors).toEqual([]);
    expect(security.sasl!.password.reveal()).toBe("s3cret-from-file");
  });

  it("names the variable for each mistake, never the password", () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [
        { KAFKA_SASL_MECHANISM: "gssapi", KAFKA_SASL_USERNAME: "a", KAFKA_SASL_PASSWORD: "hunter22" },
        /KAFKA_SASL_MECHANISM: "gssapi" is not supported; use plain, scram-sha-256, scram-sha-512/,
      ],
      [{ KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_PASSWORD: "hunter22" }, /KAFKA_SASL_USERNAME: required/],
      [
        { KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_USERNAME: "a" },
        /KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE: required/,
      ],
      [
        { KAFKA_SASL_USERNAME: "a", KAFKA_SASL_PASSWORD: "hunter22" },
        /KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD set but KAFKA_SASL_MECHANISM is not/,
      ],
      [
        {
          KAFKA_SASL_MECHANISM: "plain",
          KAFKA_SASL_USERNAME: "a",
          KAFKA_SASL_PASSWORD: "hunter22",
          KAFKA_SASL_PASSWORD_FILE: "/s/password",
        },
        /both set; set one/,
      ],
      [
        { KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_USERNAME: "a", KAFKA_SASL_PASSWORD_FILE: "/nope/pw" },
        /KAFKA_SASL_PASSWORD_FILE: cannot read \/nope\/pw \(ENOENT\)/,
      ],
      [
        { KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_USERNAME: "a", KAFKA_SASL_PASSWORD_FILE: "/s/empty" },
        /KAFKA_SASL_PASSWORD_FILE: \/s\/empty is empty/,
      ],
      [{ KAFKA_SSL_CA_FILE: "/s/ca.pem" }, /KAFKA_SSL_CA_FILE set but KAFKA_SSL is not 1/],
      [{ KAFKA_SSL: "yes" }, /KAFKA_SSL: must be 1 or 0/],
      [
        { KAFKA_SSL: "1", KAFKA_SSL_CA_FILE: "/nope/ca.pem" },
        /KAFKA_SSL_CA_FILE: cannot read \/nope\/ca.pem \(ENOENT\)/,
      ],
      [{ KAFKA_SSL: "1", KAFKA_SSL_CA_FILE: "/s/junk" }, /KAFKA_SSL_CA_FILE: \/s\/junk holds no PEM certificate/],
      [{ KAFKA_SSL: "1", KAFKA_SSL_CERT_FILE: "/s/cert.pem" }, /set both for a client certificate, or neither/],
      [
        { KAFKA_SSL: "1", KAFKA_SSL_CERT_FILE: "/s/cert.pem", KAFKA_SSL_KEY_FILE: "/s/junk" },
        /KAFKA_SSL_KEY_FILE: \/s\/junk holds no PEM private key/,
      ],
      [{ KAFKA_SSL: "1", KAFKA_SSL_REJECT_UNAUTHORIZED: "maybe" }, /KAFKA_SSL_REJECT_UNAUTHORIZED: must be 1 or 0/],
    ];
    for (const [env, message] of cases) {
      const { errors } = parse(env);
      expect(errors.join("; "), JSON.stringify(env)).toMatch(message);
      expect(errors.join("; ")).not.toContain("hunter22");
      expect(errors.join("; ")).not.toContain("s3cret");
    }
  });

  it("does not echo a key file's contents when it is not a key", () => {
    files["/s/secret-junk"] = "top-secret-not-a-key";
    const { errors } = parse({
      KAFKA_SSL: "1",
      KAFKA_SSL_CERT_FILE: "/s/cert.pem",
      KAFKA_SSL_KEY_FILE: "/s/secret-junk",
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).not.toContain("top-secret");
  });

  it("takes TLS with a CA, a client certificate and verification on by default", () => {
    const { security, errors } = parse({
      KAFKA_SSL: "1",
      KAFKA_SSL_CA_FILE: "/s/ca.pem",
      KAFKA_SSL_CERT_FILE: "/s/cert.pem",
      KAFKA_SSL_KEY_FILE: "/s/key.pem",
    });
    expect(errors).toEqual([]);
    expect(security.tls).toMatchObject({ ca: PEM_CERT, cert: PEM_CERT, rejectUnauthorized: true });
    expect(security.tls!.key!.reveal()).toBe(PEM_KEY);
    expect(parse({ KAFKA_SSL: "true" }).security.tls).toEqual({
      ca: null,
      cert: null,
      key: null,
      rejectUnauthorized: true,
    });
    expect(parse({ KAFKA_SSL: "1", KAFKA_SSL_REJECT_UNAUTHORIZED: "0" }).security.tls!.rejectUnauthorized).toBe(false);
    expect(parse({ KAFKA_SSL: "0" }).security.tls).toBeNull();
  });

  it("describes the protocol, mechanism and user without the password", () => {
    const sasl = parse({
      KAFKA_SASL_MECHANISM: "scram-sha-256",
      KAFKA_SASL_USERNAME: "alice",
      KAFKA_SASL_PASSWORD: "pw-1234",
    }).security;
    expect(describeSecurity(sasl)).toEqual({
      protocol: "SASL_PLAINTEXT",
      mechanism: "scram-sha-256",
      username: "alice",
    });
    expect(
      describeSecurity({ ...sasl, tls: { ca: null, cert: null, key: null, rejectUnauthorized: true } }),
    ).toMatchObject({ protocol: "SASL_SSL", verifyCertificates: true });
    expect(describeSecurity({ sasl: null, tls: null })).toEqual({ protocol: "PLAINTEXT" });
    expect(JSON.stringify(sasl)).not.toContain("pw-1234");
  });
});
