import type { Capability } from "../capability";
import type { Audit } from "../audit/repo";
import type { Kafka } from "kafkajs";
import type { Logger } from "../log";
import type { Masker } from "../security/masking";
import type { Db } from "../store";
import { dlqApi } from "./api";
import { createPublisher } from "./publisher";
import { createRedriver } from "./redrive";
import { createRedriveRepo } from "./redrive-repo";
import { createDlqRepo } from "./repo";
import { createDlqService } from "./service";
import type { SagaLinker } from "./views";

export interface DlqDeps {
  db: Db;
  kafka: Kafka;
  log: Logger;
  audit: Audit;
  masking: Masker;
  /** Which topics are dead-letter topics (DLT_PATTERNS, DLT_TOPICS). */
  isDeadLetter: (topic: string) => boolean;
  /** The saga instances a dead letter's original belongs to. */
  linkSagas?: SagaLinker;
}

/**
 * Dead letters: captured whole from the dead-letter topics (one database row
 * per record; other topics cost nothing here), inspected, retried, edited,
 * discarded or redriven — each republished at most once, audited before and
 * after.
 */
export async function dlqCapability(deps: DlqDeps) {
  const { db, log, audit } = deps;
  const repo = createDlqRepo(db);
  const interrupted = await repo.failInterrupted();
  if (interrupted) log.warn("replays interrupted by the last shutdown marked failed", { count: interrupted });
  const redrives = createRedriveRepo(db);
  const interruptedRedrives = await redrives.interruptRunning();
  if (interruptedRedrives) log.warn("redrives interrupted by the last shutdown", { count: interruptedRedrives });
  const publisher = createPublisher(deps.kafka, log);
  const service = createDlqService({ repo, audit, publisher, log, masking: deps.masking });
  const redriver = createRedriver({ repo, audit, redrives, publisher, log });
  return {
    name: "dlq",
    routes: dlqApi({ repo, service, redriver, masking: deps.masking, linkSagas: deps.linkSagas }),
    reads: {
      select: deps.isDeadLetter,
      take: (records) => repo.capture([...records]),
      why: () => "dead-letter pattern",
    },
    metrics: async () => {
      const dead = await repo.list({ limit: 1 });
      return [
        {
          name: "sagascope_dead_letters",
          help: "Dead letters stored, by status",
          type: "gauge" as const,
          samples: dead.groups.status.map((g) => ({ labels: { status: g.value }, value: g.count })),
        },
      ];
    },
    // No new operator actions; the ones publishing record their outcome first.
    stop: async () => {
      await redriver.close();
      await service.close();
      await publisher.close();
    },
  } satisfies Capability & Record<string, unknown>;
}
