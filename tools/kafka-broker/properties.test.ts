import { describe, expect, it } from "vitest";
import { parseJavaMajor, randomClusterId, renderProperties, scramFormatArgs } from "./properties";

describe("renderProperties", () => {
  const text = renderProperties({ port: 19092, controllerPort: 19093, logDir: "/tmp/k/data" });
  const props = Object.fromEntries(
    text
      .trim()
      .split("\n")
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );

  it("configures one combined KRaft node on loopback", () => {
    expect(props["process.roles"]).toBe("broker,controller");
    expect(props.listeners).toBe("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093");
    expect(props["advertised.listeners"]).toBe("PLAINTEXT://127.0.0.1:19092");
    expect(props["controller.quorum.bootstrap.servers"]).toBe("127.0.0.1:19093");
    expect(props["log.dirs"]).toBe("/tmp/k/data");
  });

  it("uses replication factor 1, no join delay and room for 10 MB records", () => {
    expect(props["offsets.topic.replication.factor"]).toBe("1");
    expect(props["transaction.state.log.min.isr"]).toBe("1");
    expect(props["group.initial.rebalance.delay.ms"]).toBe("0");
    expect(Number(props["message.max.bytes"])).toBeGreaterThan(10 * 1024 * 1024);
  });
});

describe("randomClusterId", () => {
  it("is 22 URL-safe characters", () => {
    expect(randomClusterId(() => new Uint8Array(16).fill(255))).toBe("_____________________w");
  });
  it("never starts with a dash (the storage tool would take it for an option)", () => {
    const draws = [new Uint8Array(16).fill(0xf8), new Uint8Array(16).fill(1)];
    const id = randomClusterId(() => draws.shift()!);
    expect(Buffer.from(new Uint8Array(16).fill(0xf8)).toString("base64url").startsWith("-")).toBe(true);
    expect(id).toBe(Buffer.from(new Uint8Array(16).fill(1)).toString("base64url"));
  });
});

describe("parseJavaMajor", () => {
  it("reads modern and legacy version strings", () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('java version "1.8.0_392"')).toBe(8);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(parseJavaMajor("nonsense")).toBeNull();
  });
});

describe("renderProperties with secure listeners", () => {
  const users = [
    { name: "alice", password: "alice-pw" },
    { name: "bob", password: "bob-pw" },
  ];
  const parse = (text: string) =>
    Object.fromEntries(
      text
        .trim()
        .split("\n")
        .map((l) => l.split(/=(.*)/s).slice(0, 2)),
    );
  const props = parse(
    renderProperties({
      port: 19092,
      controllerPort: 19093,
      logDir: "/tmp/k",
      security: {
        saslPort: 19094,
        users,
        tls: { sslPort: 19095, saslSslPort: 19096, keystoreFile: "/tmp/ks.pem", truststoreFile: "/tmp/ca.pem" },
      },
    }),
  );

  it("adds SASL_PLAINTEXT, SSL and SASL_SSL listeners next to PLAINTEXT, each named after its protocol", () => {
    expect(props.listeners).toBe(
      "PLAINTEXT://127.0.0.1:19092,SASL_PLAINTEXT://127.0.0.1:19094,SSL://127.0.0.1:19095,SASL_SSL://127.0.0.1:19096,CONTROLLER://127.0.0.1:19093",
    );
    expect(props["listener.security.protocol.map"]).toBe(
      "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT",
    );
    expect(props["inter.broker.listener.name"]).toBe("PLAINTEXT");
  });

  it("offers PLAIN and both SCRAMs, PLAIN users in the JAAS config", () => {
    expect(props["listener.name.sasl_plaintext.sasl.enabled.mechanisms"]).toBe("PLAIN,SCRAM-SHA-256,SCRAM-SHA-512");
    expect(props["listener.name.sasl_plaintext.plain.sasl.jaas.config"]).toBe(
      'org.apache.kafka.common.security.plain.PlainLoginModule required user_alice="alice-pw" user_bob="bob-pw";',
    );
    expect(props["listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config"]).toBe(
      "org.apache.kafka.common.security.scram.ScramLoginModule required;",
    );
  });

  it("requires a client certificate on SSL but not on SASL_SSL", () => {
    expect(props["ssl.keystore.type"]).toBe("PEM");
    expect(props["listener.name.ssl.ssl.client.auth"]).toBe("required");
    expect(props["listener.name.sasl_ssl.ssl.client.auth"]).toBe("none");
  });

  it("creates SCRAM users at format time and refuses credentials it cannot quote", () => {
    expect(scramFormatArgs([users[0]!])).toEqual([
      "--add-scram",
      "SCRAM-SHA-256=[name=alice,password=alice-pw]",
      "--add-scram",
      "SCRAM-SHA-512=[name=alice,password=alice-pw]",
    ]);
    expect(() => scramFormatArgs([{ name: "eve", password: 'a"b' }])).toThrow(/letters, digits/);
  });
});
