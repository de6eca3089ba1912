import { Kafka, logLevel, type logCreator } from "kafkajs";
import type { Logger } from "../log";
import { registerCodecs } from "./codecs";

/** kafkajs' own logs, folded into ours; its INFO chatter (joins, commits) goes to debug. */
function kafkaLogCreator(log: Logger): logCreator {
  return () => ({ level, log: entry }) => {
    const { message, ...fields } = entry;
    const kafkaFields = { component: "kafkajs", namespace: entry.namespace, ...fields };
    if (level === logLevel.ERROR) log.warn(message, kafkaFields);
    else if (level === logLevel.WARN) log.info(message, kafkaFields);
    else log.debug(message, kafkaFields);
  };
}

export function createKafka(opts: { brokers: string[]; clientId: string; log: Logger }): Kafka {
  registerCodecs();
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    connectionTimeout: 3000,
    requestTimeout: 15000,
    // Fail fast: the ingest supervisor owns reconnects with its own backoff.
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
    logLevel: logLevel.INFO,
    logCreator: kafkaLogCreator(opts.log),
  });
}
