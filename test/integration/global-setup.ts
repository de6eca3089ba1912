import type { TestProject } from "vitest/node";
import { startLocalBroker, type LocalBroker } from "../../tools/kafka-broker/broker";

declare module "vitest" {
  export interface ProvidedContext {
    brokers: string;
  }
}

let broker: LocalBroker | undefined;

/** One real broker for the whole integration run (or KAFKA_BROKERS when set). */
export async function setup(project: TestProject): Promise<void> {
  broker = await startLocalBroker();
  project.provide("brokers", broker.brokers);
}

export async function teardown(): Promise<void> {
  await broker?.stop();
}
