import { Kafka, logLevel, type KafkaConfig, type logCreator, type RetryOptions, type SASLOptions } from "kafkajs";
import type { Logger } from "../log";
import { registerCodecs } from "./codecs";
import { parseKafkaSecurity, tlsOptions, type KafkaSecurity } from "./security";

/** Where Kafka is and how to authenticate to it: what every kafkajs client in the project is built from. */
export interface KafkaConnection {
  brokers: string[];
  security: KafkaSecurity;
}

export const noSecurity: KafkaSecurity = { sasl: null, tls: null };

/**
 * A connection from the environment, for the tools that have no server
 * config (bench): KAFKA_SASL_* and KAFKA_SSL* apply to a cluster given by
 * KAFKA_BROKERS, never to a broker the tool started itself.
 */
export function connectionFromEnv(
  brokers: string[],
  startedLocally: boolean,
  env: Record<string, string | undefined> = process.env,
): KafkaConnection {
  if (startedLocally) return { brokers, security: noSecurity };
  const { security, errors } = parseKafkaSecurity(env);
  if (errors.length) throw new Error(`Invalid configuration: ${errors.join("; ")}`);
  return { brokers, security };
}

/** kafkajs' own logs, folded into ours; its INFO chatter (joins, commits) goes to debug. Our logger scrubs secrets. */
function kafkaLogCreator(log: Logger): logCreator {
  return () =>
    ({ level, log: entry }) => {
      const { message, ...fields } = entry;
      const kafkaFields = { component: "kafkajs", namespace: entry.namespace, ...fields };
      if (level === logLevel.ERROR) log.warn(message, kafkaFields);
      else if (level === logLevel.WARN) log.info(message, kafkaFields);
      else log.debug(message, kafkaFields);
    };
}

/** The kafkajs `sasl` and `ssl` options; the only place a password or key is revealed. */
export function kafkajsSecurity(s: KafkaSecurity): Pick<KafkaConfig, "sasl" | "ssl"> {
  const out: Pick<KafkaConfig, "sasl" | "ssl"> = {};
  if (s.sasl)
    out.sasl = {
      mechanism: s.sasl.mechanism,
      username: s.sasl.username,
      password: s.sasl.password.reveal(),
    } as SASLOptions;
  if (s.tls) out.ssl = tlsOptions(s.tls);
  return out;
}

/**
 * The one way a kafkajs client is made (server, demo, bench). Without `log`,
 * kafkajs stays silent (tools that report their own progress).
 */
export function createKafka(
  conn: KafkaConnection,
  opts: { clientId: string; log?: Logger; retry?: RetryOptions },
): Kafka {
  registerCodecs();
  return new Kafka({
    clientId: opts.clientId,
    brokers: conn.brokers,
    ...kafkajsSecurity(conn.security),
    connectionTimeout: 3000,
    requestTimeout: 15000,
    // Fail fast by default: the ingest supervisor owns reconnects with its own backoff.
    retry: opts.retry ?? { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
    logLevel: opts.log ? logLevel.INFO : logLevel.NOTHING,
    ...(opts.log ? { logCreator: kafkaLogCreator(opts.log) } : {}),
  });
}
