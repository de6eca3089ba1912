/** Settings of the single-node KRaft broker (combined broker + controller) the project runs locally. */
export interface BrokerLayout {
  port: number;
  controllerPort: number;
  logDir: string;
  /** Extra listeners for clients that authenticate or encrypt (tests of Sagascope's SASL and TLS settings). */
  security?: SecureListeners;
}

export interface SaslUser {
  name: string;
  password: string;
}

/**
 * A SASL_PLAINTEXT listener offering PLAIN and SCRAM-SHA-256/512 and,
 * with `tls`, an SSL listener that requires a client certificate and a
 * SASL_SSL listener that does not. PLAIN users live in the listener's JAAS
 * config; SCRAM users are added when the storage is formatted
 * (`scramFormatArgs`). The PLAINTEXT listener stays, for the broker itself
 * and for test set-up.
 */
export interface SecureListeners {
  saslPort: number;
  users: SaslUser[];
  tls?: { sslPort: number; saslSslPort: number; keystoreFile: string; truststoreFile: string };
}

export const saslMechanisms = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] as const;

/** Names and passwords go into a JAAS string and a storage-tool argument unescaped: keep them to a plain alphabet. */
const safeCredential = /^[A-Za-z0-9._~-]+$/;

function checkUsers(users: SaslUser[]): void {
  for (const u of users) {
    if (!safeCredential.test(u.name) || !safeCredential.test(u.password))
      throw new Error(`SASL test user "${u.name}": names and passwords may hold only letters, digits and . _ ~ -`);
  }
}

/** `kafka-storage format` arguments creating every user for both SCRAM mechanisms. */
export function scramFormatArgs(users: SaslUser[]): string[] {
  checkUsers(users);
  return users.flatMap((u) =>
    ["SCRAM-SHA-256", "SCRAM-SHA-512"].flatMap((m) => ["--add-scram", `${m}=[name=${u.name},password=${u.password}]`]),
  );
}

function secureProperties(s: SecureListeners): Record<string, string> {
  checkUsers(s.users);
  const plainJaas = `org.apache.kafka.common.security.plain.PlainLoginModule required ${s.users.map((u) => `user_${u.name}="${u.password}"`).join(" ")};`;
  const scramJaas = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
  const saslListener = (name: string) => ({
    [`listener.name.${name}.sasl.enabled.mechanisms`]: saslMechanisms.join(","),
    [`listener.name.${name}.plain.sasl.jaas.config`]: plainJaas,
    [`listener.name.${name}.scram-sha-256.sasl.jaas.config`]: scramJaas,
    [`listener.name.${name}.scram-sha-512.sasl.jaas.config`]: scramJaas,
  });
  return {
    ...saslListener("sasl_plaintext"),
    ...(s.tls
      ? {
          ...saslListener("sasl_ssl"),
          "ssl.keystore.type": "PEM",
          "ssl.keystore.location": s.tls.keystoreFile,
          "ssl.truststore.type": "PEM",
          "ssl.truststore.location": s.tls.truststoreFile,
          "listener.name.ssl.ssl.client.auth": "required",
          "listener.name.sasl_ssl.ssl.client.auth": "none",
        }
      : {}),
  };
}

/**
 * Renders server.properties. Replication factors are 1 (one node);
 * `group.initial.rebalance.delay.ms=0` because Sagascope restarts its consumer
 * when topics appear and a 3 s join delay would show as a gap; message limits
 * allow 10 MB records with room for headers.
 */
export function renderProperties(l: BrokerLayout): string {
  const client: Array<[string, number]> = [["PLAINTEXT", l.port]];
  if (l.security) client.push(["SASL_PLAINTEXT", l.security.saslPort]);
  if (l.security?.tls) client.push(["SSL", l.security.tls.sslPort], ["SASL_SSL", l.security.tls.saslSslPort]);
  const advertised = client.map(([name, port]) => `${name}://127.0.0.1:${port}`).join(",");
  const props: Record<string, string | number | boolean> = {
    "process.roles": "broker,controller",
    "node.id": 1,
    "controller.quorum.bootstrap.servers": `127.0.0.1:${l.controllerPort}`,
    listeners: `${advertised},CONTROLLER://127.0.0.1:${l.controllerPort}`,
    "advertised.listeners": advertised,
    "controller.listener.names": "CONTROLLER",
    // Each listener is named after its protocol.
    "listener.security.protocol.map": [...client.map(([name]) => `${name}:${name}`), "CONTROLLER:PLAINTEXT"].join(","),
    "inter.broker.listener.name": "PLAINTEXT",
    "log.dirs": l.logDir,
    "num.partitions": 3,
    "auto.create.topics.enable": true,
    "offsets.topic.replication.factor": 1,
    "offsets.topic.num.partitions": 5,
    "transaction.state.log.replication.factor": 1,
    "transaction.state.log.min.isr": 1,
    "share.coordinator.state.topic.replication.factor": 1,
    "share.coordinator.state.topic.min.isr": 1,
    "group.initial.rebalance.delay.ms": 0,
    "message.max.bytes": 16 * 1024 * 1024,
    "replica.fetch.max.bytes": 16 * 1024 * 1024,
    "log.retention.hours": 24,
    ...(l.security ? secureProperties(l.security) : {}),
  };
  return (
    Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n") + "\n"
  );
}

/**
 * A random KRaft cluster id: 16 bytes, URL-safe base64 without padding, like
 * `kafka-storage random-uuid`. Like Kafka's Uuid.randomUuid, never one that
 * starts with "-": the storage tool's argument parser reads that as an option
 * (1 format in 64 failed before this).
 */
export function randomClusterId(random: () => Uint8Array): string {
  for (;;) {
    const id = Buffer.from(random()).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}

/** Major version from `java -version` output (`openjdk version "17.0.15"`, `"1.8.0_392"`). */
export function parseJavaMajor(versionOutput: string): number | null {
  const m = versionOutput.match(/version "(\d+)(?:\.(\d+))?/);
  if (!m) return null;
  const first = Number(m[1]);
  return first === 1 && m[2] ? Number(m[2]) : first;
}
