import http from "node:http";
import path from "node:path";
import { getRequestListener } from "@hono/node-server";
import next from "next";
import { auditCapability } from "./audit";
import { authCapability } from "./auth";
import { gatherMetrics, stopAll, type Capability } from "./capability";
import type { Config } from "./config";
import type { DemoControl } from "./contract";
import { demoCapability } from "./demo/capability";
import { dlqCapability } from "./dlq";
import { deadLetterMatcher } from "./dlq/patterns";
import { groupsCapability } from "./groups";
import { buildApi } from "./http/api";
import { OPENAPI_INFO } from "./http/document";
import { createEdge } from "./http/edge";
import { platformCapability } from "./http/platform";
import { createKafka } from "./kafka/client";
import type { Decoding } from "./kafka/decoding";
import { fanOut } from "./kafka/fan-out";
import { describeReads } from "./kafka/reads";
import { startReaders, type Readers } from "./kafka/readers";
import { ReadLimiter } from "./kafka/reader";
import { anyGlob, topicScope } from "./kafka/topics";
import { recordsCapability } from "./kafka/records-api";
import { registryFetcher, SchemaDecoder } from "./kafka/schema-registry";
import { describeSecurity } from "./kafka/security";
import type { StartSeek } from "./kafka/start-offsets";
import type { Logger } from "./log";
import { platformaticOffsetClient } from "./offsets/client";
import { createOffsetSampler } from "./offsets/sampler";
import { createHub } from "./realtime/hub";
import { realtimeCapability } from "./realtime";
import { profilesCapability, suggestTraceTopics } from "./profiles";
import { tracedTopics } from "./kafka/traced";
import { discoveryCapability, sagasCapability } from "./sagas";
import { Masker } from "./security/masking";
import { openStore } from "./store";
import { topicsCapability, tracesCapability } from "./streams";

export interface Sagascope {
  url: string;
  port: number;
  /**
   * Hands the scenario controls (/api/demo) a running demo, or takes them
   * away (null). After start: the demo needs this server's broker and is
   * started once the dashboard listens (scripts/demo.ts).
   */
  attachDemo(control: DemoControl | null): void;
  close(): Promise<void>;
}

const projectRoot = path.resolve(import.meta.dirname, "..");

/**
 * The composition root: opens what the capabilities share (database, Kafka
 * client, masking and Schema Registry decoding, the HTTP server and socket
 * hub), lists the capabilities, and hands their declarations to the route
 * table, the ingest fan-out and /metrics. Everything stateful belongs to one
 * capability and is passed in, never held in a module global, so two apps
 * can run in one process.
 */
export async function startSagascope(config: Config, log: Logger, opts: { ui?: boolean } = {}): Promise<Sagascope> {
  const startedAt = Date.now();
  const decoding: Decoding = {
    masking: new Masker(config.maskingRules),
    schemas: config.schemaRegistry ? new SchemaDecoder(registryFetcher(config.schemaRegistry), log) : null,
  };
  if (config.maskingRules.length) log.info("masking rules active", { rules: config.maskingRules.length });
  // Only the origin: a URL may carry credentials, and the basic-auth ones are never logged.
  if (config.schemaRegistry)
    log.info("schema registry decoding on", {
      registry: new URL(config.schemaRegistry.url).origin,
      basicAuth: config.schemaRegistry.username !== undefined,
    });
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    log: (msg, fields) => log.info(msg, fields),
  });
  log.info("database ready", { provider: store.provider });
  const kafka = createKafka(
    { brokers: config.brokers, security: config.kafkaSecurity },
    { clientId: config.clientId, log },
  );
  if (config.kafkaSecurity.tls && !config.kafkaSecurity.tls.rejectUnauthorized)
    log.warn("KAFKA_SSL_REJECT_UNAUTHORIZED=0: the broker's TLS certificate is not verified");
  const isDeadLetter = deadLetterMatcher(config.dltPatterns, config.dltTopics);

  // Reading starts after listen; until then, late-bound.
  let ingest: Readers | undefined;
  let liveStarts: (s: Promise<StartSeek[]>) => void = () => undefined;
  const liveStartsAt = new Promise<StartSeek[]>((resolve) => (liveStarts = (p) => void p.then(resolve)));

  let edge: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => edge(req, res));
  const nextApp =
    (opts.ui ?? true) ? next({ dev: config.dev, dir: projectRoot, hostname: config.host, port: config.port }) : null;
  if (nextApp) await nextApp.prepare();
  const upgradeNext = nextApp?.getUpgradeHandler();
  server.on("upgrade", (req, socket, head) => {
    if (req.url?.startsWith("/socket.io/")) return; // socket.io's own listener takes it
    if (upgradeNext) void upgradeNext(req, socket, head);
    else socket.destroy();
  });

  const audit = auditCapability(store.db);
  const auth = await authCapability({
    db: store.db,
    config,
    log,
    audit: audit.log.audit,
    endSockets: (ids) => hub.endSessions(ids),
  });
  const connecting = {
    state: "connecting" as const,
    brokers: config.brokers,
    since: startedAt,
    topics: [],
    error: null,
    retryAt: null,
  };
  // What is read and why; totals in every status (once a second to each browser), per topic in /api/status.
  // The hub may ask for the status before the capabilities are listed (its timer runs meanwhile).
  let listed: readonly Capability[] = [];
  const reads = (detail: boolean) =>
    describeReads(
      ingest?.reading() ?? [],
      { inScope: ingest?.inScope().length ?? 0, tailAll: ingest?.tailAll() ?? true },
      (t) => topics.rate(t),
      detail,
    );
  const status = () => ({
    kafka: ingest?.status() ?? connecting,
    recordsIngested: topics.recordsIngested(),
    serverStartedAt: startedAt,
    reads: reads(false),
  });
  const hub = createHub({
    httpServer: server,
    pushIntervalMs: config.pushIntervalMs,
    clientBufferRecords: config.clientBufferRecords,
    clientMaxRecordsPerSec: config.clientMaxRecordsPerSec,
    status,
    log,
    identify: auth.identify,
    publicOrigins: config.auth.publicOrigins,
    stillValid: auth.stillValid,
    onTabsChange: () => ingest?.replan(),
  });
  // TOPICS_INCLUDE / TOPICS_EXCLUDE: what is listed, sampled, profiled and read.
  const scope = topicScope(config.topics.include, config.topics.exclude);
  // One per cluster connection: the topics' numbers (offsets) and the topic list the profiles sample.
  const offsetSampler = createOffsetSampler({
    client: platformaticOffsetClient(
      { brokers: config.brokers, security: config.kafkaSecurity },
      `${config.clientId}-offsets`,
      scope,
    ),
    log,
    now: Date.now,
    intervalMs: config.offsetSampleMs,
    refreshMs: config.topicRefreshMs,
    // The hub is made above; a browser connected means someone may look at the numbers.
    watched: () => hub.clientCount() > 0,
  });
  const topics = await topicsCapability({
    store,
    log,
    topics: () =>
      ingest ? ingest.inScope().map((topic) => ({ topic, partitions: ingest!.partitions().get(topic) ?? 0 })) : [],
    isDeadLetter,
    isRead: (topic) => ingest?.isRead(topic) ?? false,
    offsets: offsetSampler,
    broadcast: (overview) => hub.broadcast("overview", overview),
    watched: () => hub.clientCount() > 0,
    statsFlushMs: config.statsFlushMs,
    retentionHours: config.throughputRetentionHours,
  });
  const sagas = sagasCapability({ kafka, log, config: config.sagas, liveStartsAt: () => liveStartsAt });
  const demo = demoCapability({ audit: audit.log.audit, log });

  // On-demand reads (records, trace scans, profiles) share one limiter: RECORDS_MAX_READS consumers at once.
  const onDemand = new ReadLimiter(config.recordsMaxReads, 16);
  const profiles = profilesCapability({
    kafka,
    decoding,
    limiter: onDemand,
    topics: () => offsetSampler.topics(),
    rules: { eventType: config.discovery.eventType, correlation: config.discovery.correlation },
    log,
    limits: { intervalMs: config.profileIntervalMs },
  });
  const capabilities: Capability[] = [
    platformCapability({
      status,
      reads: () => reads(true),
      startedAt,
      pingDatabase: () => store.ping(),
      metrics: () => gatherMetrics(capabilities),
      document: () => document(),
    }),
    topics,
    realtimeCapability(hub),
    tracesCapability(config.traceIndex, { kafka, decoding, limiter: onDemand }),
    sagas,
    discoveryCapability({ config: config.discovery, ignore: (t) => sagas.covers(t) || isDeadLetter(t) }),
    recordsCapability({ kafka, decoding, limiter: onDemand }),
    profiles,
    groupsCapability({
      kafka,
      log,
      intervalMs: config.groupSampleMs,
      ends: (topic) =>
        offsetSampler.topic(topic)?.partitions.map((p) => ({ partition: p.partition, high: String(p.end) })),
    }),
    await dlqCapability({
      db: store.db,
      kafka,
      log,
      audit: audit.log.audit,
      masking: decoding.masking,
      isDeadLetter,
      linkSagas: (r) => sagas.runtime.registry.instancesFor(r),
    }),
    audit,
    auth,
    demo,
  ];

  listed = capabilities;

  const api = buildApi(
    capabilities.flatMap((c) => c.routes ?? []),
    {
      identify: auth.identify,
      publicOrigins: config.auth.publicOrigins,
      clientAddress: auth.clientAddress,
      onError: (err, url) => log.error("api request failed", { url, err }),
    },
  );
  let generated: unknown;
  const document = () => (generated ??= api.getOpenAPI31Document(OPENAPI_INFO as never));
  edge = createEdge({
    api: getRequestListener(api.fetch, { overrideGlobalObjects: false }),
    pages: nextApp?.getRequestHandler(),
    identify: auth.identify,
    pagesNeedLogin: auth.pagesNeedLogin,
    onError: (err, url) => log.error("request failed", { url, err }),
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  log.info("sagascope listening", {
    url,
    brokers: config.brokers,
    kafkaSecurity: describeSecurity(config.kafkaSecurity),
    groupId: config.groupId,
  });

  const spine = fanOut(capabilities);
  ingest = startReaders({
    decoding,
    kafka,
    brokers: config.brokers,
    security: config.kafkaSecurity,
    groupId: config.groupId,
    startFrom: config.startFrom,
    topicRefreshMs: config.topicRefreshMs,
    inScope: scope,
    kept: capabilities.flatMap((c) =>
      c.reads ? [{ capability: c.name, select: c.reads.select, why: c.reads.why ?? (() => "reads its records") }] : [],
    ),
    shared: anyGlob(config.reading.ingest),
    traced: tracedTopics(config.reading.trace, () => suggestTraceTopics(profiles.profiler.profiles())),
    tabs: () => hub.tabs(),
    tailAllMax: config.reading.tailAllMax,
    lingerMs: config.reading.lingerMs,
    log,
    keepWhole: spine.keepWhole,
    onBatch: spine.onBatch,
  });
  liveStarts(ingest.startPositions());
  ingest.onStatus(() => hub.broadcast("status", (stream) => ({ ...status(), ...stream })));
  for (const c of capabilities) await c.start?.();

  return {
    url,
    port,
    attachDemo: (control) => demo.attach(control),
    async close() {
      await ingest?.stop();
      // In reverse: the demo and accounts first, the hub (browsers) and the topics' last flush at the end.
      await stopAll(capabilities);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      await nextApp?.close();
    },
  };
}
