/** Settings of the single-node KRaft broker (combined broker + controller) the project runs locally. */
export interface BrokerLayout {
  port: number;
  controllerPort: number;
  logDir: string;
}

/**
 * Renders server.properties. Replication factors are 1 (one node);
 * `group.initial.rebalance.delay.ms=0` because Sagascope restarts its consumer
 * when topics appear and a 3 s join delay would show as a gap; message limits
 * allow 10 MB records with room for headers.
 */
export function renderProperties(l: BrokerLayout): string {
  const props: Record<string, string | number | boolean> = {
    "process.roles": "broker,controller",
    "node.id": 1,
    "controller.quorum.bootstrap.servers": `127.0.0.1:${l.controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${l.port},CONTROLLER://127.0.0.1:${l.controllerPort}`,
    "advertised.listeners": `PLAINTEXT://127.0.0.1:${l.port}`,
    "controller.listener.names": "CONTROLLER",
    "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
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
  };
  return Object.entries(props).map(([k, v]) => `${k}=${v}`).join("\n") + "\n";
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
