import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** PEM files of a throwaway certificate authority, made with openssl for one test run. */
export interface TestPki {
  /** The CA that signed the broker's and the client's certificates. */
  caFile: string;
  /** A second CA that signed nothing here: trusting it instead must fail. */
  otherCaFile: string;
  /** The broker's private key followed by its certificate chain (Kafka's PEM keystore). */
  brokerKeystoreFile: string;
  /** A client certificate and key signed by the CA (mutual TLS). */
  clientCertFile: string;
  clientKeyFile: string;
}

function openssl(dir: string, args: string[]): void {
  const r = spawnSync("openssl", args, { cwd: dir, encoding: "utf8" });
  if (r.error) throw new Error(`openssl is needed for the TLS tests: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`openssl ${args.join(" ")} failed:\n${r.stderr}`);
}

const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

function makeCa(dir: string, name: string): void {
  openssl(dir, [
    "req",
    "-x509",
    ...ec,
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.pem`,
    "-days",
    "2",
    "-subj",
    `/CN=${name}`,
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
}

function issue(dir: string, name: string, ext: string): void {
  writeFileSync(path.join(dir, `${name}.ext`), ext);
  openssl(dir, ["req", ...ec, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`]);
  openssl(dir, [
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    `${name}.pem`,
    "-days",
    "2",
    "-extfile",
    `${name}.ext`,
  ]);
}

/** Writes a CA, a broker certificate for 127.0.0.1/localhost, a client certificate and an unrelated CA into `dir` (a few hundred ms). */
export function makeTestPki(dir: string): TestPki {
  makeCa(dir, "ca");
  makeCa(dir, "other-ca");
  issue(dir, "broker", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  issue(dir, "client", "extendedKeyUsage=clientAuth\n");
  const file = (f: string) => path.join(dir, f);
  writeFileSync(
    file("broker-keystore.pem"),
    readFileSync(file("broker.key"), "utf8") +
      readFileSync(file("broker.pem"), "utf8") +
      readFileSync(file("ca.pem"), "utf8"),
  );
  return {
    caFile: file("ca.pem"),
    otherCaFile: file("other-ca.pem"),
    brokerKeystoreFile: file("broker-keystore.pem"),
    clientCertFile: file("client.pem"),
    clientKeyFile: file("client.key"),
  };
}
