import http from "node:http";
import path from "node:path";
import next from "next";
import type { Config } from "./config";
import { startIngest } from "./kafka/ingest";
import type { StartSeek } from "./kafka/start-offsets";
import { createKafka } from "./kafka/client";
import { describeSecurity } from "./kafka/security";
import type { Logger } from "./log";
import { createHub } from "./realtime/hub";
import { serveApi, type ApiDeps } from "./http/routes";
import { getRequestListener } from "@hono/node-server";
import { buildApi } from "./http/api";
import { OPENAPI_INFO } from "./http/document";
import { openApiDocument as legacyDocument } from "./http/openapi";
import { platformCapability } from "./http/platform";
import { topicsApi } from "./streams/api";
import { gatherMetrics, type Capability } from "./capability";
import { TopicCounter } from "./stats/topic-counter";
import { Throughput } from "./streams/throughput";
import { BucketCounter } from "./streams/buckets";
import { throughputHistory } from "./streams/history-service";
import { deadLetterMatcher } from "./dlq/patterns";
import { openStore } from "./store";
import { createDlqRepo } from "./dlq/repo";
import { createPublisher } from "./dlq/publisher";
import { createDlqService } from "./dlq/service";
import { createRedriver } from "./dlq/redrive";
import { createRedriveRepo } from "./dlq/redrive-repo";
import { dlqApi } from "./dlq/api";
import { auditApi } from "./audit/api";
import { createAuditLog } from "./audit/repo";
import { clientAddress, isLoopback } from "./auth/origin";
import { createAccounts } from "./auth/accounts";
import { identify, type Principal } from "./auth/gate";
import { LoginLimiter } from "./auth/login-limiter";
import { unmatchedAuth } from "./auth/routes";
import { authApi } from "./auth/api";
import { prepareAccess } from "./auth/startup";
import { normalise } from "./kafka/normalise";
import { loadDefinitions } from "./sagas/load";
import { createSagaRuntime } from "./sagas/runtime";
import { discoveryApi, sagasApi } from "./sagas/api";
import { FlowMiner } from "./sagas/discovery";
import { TraceIndex } from "./streams/trace-index";
import { tracesApi } from "./streams/trace-api";
import { recordsApi } from "./kafka/records-api";
import { ReadLimiter } from "./kafka/reader";
import { Masker } from "./security/masking";
import { registryFetcher, SchemaDecoder } from "./kafka/schema-registry";
import type { Decoding } from "./kafka/decoding";
import { eventObserver } from "./sagas/discovery-feed";
import { ActionCounter, renderMetrics, type Metric } from "./http/metrics";
import { startGroupSampler } from "./groups/sampler";
import { groupsApi } from "./groups/api";
import { demoApi } from "./demo/api";
import type { DemoControl } from "./contract";

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
 * Wires the process together: database → HTTP server (Next.js + REST +
 * socket.io on one port) → Kafka ingest. Everything stateful lives here,
 * once; Next.js only renders pages.
 */
export async function startSagascope(config: Config, log: Logger, opts: { ui?: boolean } = {}): Promise<Sagascope> {
  const serverStartedAt = Date.now();
  // Passed to whoever reads or decodes records; nothing process-wide, so two apps can run in one process.
  const readLimiter = new ReadLimiter(config.recordsMaxReads, 16);
  const decoding: Decoding = {
    masking: new Masker(config.maskingRules),
    schemas: config.schemaRegistry ? new SchemaDecoder(registryFetcher(config.schemaRegistry), log) : null,
  };
  if (config.maskingRules.length) log.info("masking rules active", { rules: config.maskingRules.length });
  // Only the origin: a URL may carry credentials, and the basic-auth ones are never logged.
  if (config.schemaRegistry) log.info("schema registry decoding on", { registry: new URL(config.schemaRegistry.url).origin, basicAuth: config.schemaRegistry.username !== undefined });
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log: (msg, fields) => log.info(msg, fields) });
  log.info("database ready", { provider: store.provider });

  const counter = new TopicCounter();
  const throughput = new Throughput();
  const buckets = new BucketCounter();
  throughput.seed(await store.listTopicStats());
  const isDeadLetter = deadLetterMatcher(config.dltPatterns, config.dltTopics);
  const actions = new ActionCounter();
  const auditLog = createAuditLog(store.db, { onAudit: (e) => actions.add(e.action, e.result) });
  const dlqRepo = createDlqRepo(store.db);
  const interrupted = await dlqRepo.failInterrupted();
  if (interrupted) log.warn("replays interrupted by the last shutdown marked failed", { count: interrupted });
  const accounts = createAccounts(store.db, { sessionTtlMs: config.auth.sessionTtlMs });
  await prepareAccess(config, accounts, log);
  const loopback = isLoopback(config.host);
  const identifyDeps = {
    loginRequired: async () => !loopback || (await accounts.loginRequired()),
    session: (secret: string) => accounts.session(secret),
    token: (token: string) => accounts.token(token),
    operatorToken: config.operatorToken,
    loopback,
  };
  const whoIs = (req: { method: string; headers: Record<string, string | string[] | undefined>; remoteAddress?: string }) => identify(req, identifyDeps);
  const loginLimiter = new LoginLimiter();
  // The Kafka client is created before anything that publishes; ingest starts after listen.
  const kafka = createKafka({ brokers: config.brokers, security: config.kafkaSecurity }, { clientId: config.clientId, log });
  if (config.kafkaSecurity.tls && !config.kafkaSecurity.tls.rejectUnauthorized) log.warn("KAFKA_SSL_REJECT_UNAUTHORIZED=0: the broker's TLS certificate is not verified");
  const publisher = createPublisher(kafka, log);
  const redriveRepo = createRedriveRepo(store.db);
  const interruptedRedrives = await redriveRepo.interruptRunning();
  if (interruptedRedrives) log.warn("redrives interrupted by the last shutdown", { count: interruptedRedrives });
  const dlqService = createDlqService({ repo: dlqRepo, audit: auditLog.audit, publisher, log, masking: decoding.masking });
  const sagaDefs = loadDefinitions(config.sagas.dir);
  for (const b of sagaDefs.broken) log.warn("saga definition is broken; that saga is not tracked", { file: b.file, saga: b.saga, errors: b.errors });
  // The saga replay ends where live ingest starts (known once ingest has looked at the group's positions).
  let ingestStarts: (s: Promise<StartSeek[]>) => void = () => undefined;
  const liveStarts = new Promise<StartSeek[]>((resolve) => (ingestStarts = (p) => void p.then(resolve)));
  const sagas = createSagaRuntime({
    liveStartsAt: () => liveStarts,
    kafka,
    log,
    definitions: sagaDefs.definitions,
    broken: sagaDefs.broken,
    limits: { maxLive: config.sagas.maxLive, retainFinished: config.sagas.retainFinished },
    lookbackHours: config.sagas.lookbackHours,
    replayBuffer: config.sagas.replayBuffer,
    reorderMs: config.sagas.reorderMs,
  });
  const sagaTopics = sagas.topics();
  const miner = new FlowMiner();
  const observe = eventObserver(config.discovery.correlation, config.discovery.eventType);
  const traces = new TraceIndex(config.traceIndex.records, config.traceIndex.maxAgeMs, config.traceIndex.maxBytes);
  // One hour of lag history at the default 5 s.
  const groups = startGroupSampler({ kafka, log, intervalMs: config.groupSampleMs, historySamples: Math.ceil(3600_000 / config.groupSampleMs) });
  const redriver = createRedriver({ repo: dlqRepo, audit: auditLog.audit, redrives: redriveRepo, publisher, log });
  const ui = opts.ui ?? true;
  const nextApp = ui ? next({ dev: config.dev, dir: projectRoot, hostname: config.host, port: config.port }) : null;
  if (nextApp) await nextApp.prepare();
  const handleNext = nextApp?.getRequestHandler();

  let demo: DemoControl | null = null;
  // Called only once `ingest` below exists (after listen).
  const status = () => ({ kafka: ingest.status(), recordsIngested: counter.total, serverStartedAt });
  const deps: ApiDeps = {
    status,
    pingDatabase: () => store.ping(),
    topicStats: () => store.listTopicStats(),
    overview: () => overview(),
    history: (scope, partition, range) => throughputHistory({ store, throughput }, scope, partition, range, Date.now()),
    metrics: async () => renderMetrics(await metrics()),
    auth: {
      identify: whoIs,
      pagesNeedLogin: identifyDeps.loginRequired,
      publicOrigins: config.auth.publicOrigins,
      clientAddress: (req) => clientAddress(req, config.auth.trustProxy),
      // Every account route is in the table (the "auth" capability); only unknown ones fall through to here.
      handle: async (req) => unmatchedAuth(req.pathname),
    },
  };

  const capabilities: Capability[] = [
    platformCapability({
      status,
      pingDatabase: () => store.ping(),
      metrics: async () => [...(await metrics()), ...(await gatherMetrics(capabilities))],
      document: () => document(),
    }),
    { name: "topics", routes: topicsApi({ store, throughput, overview: () => overview() }) },
    {
      name: "auth",
      routes: authApi({
        accounts,
        limiter: loginLimiter,
        audit: (e) => auditLog.audit(e),
        cookieSecure: config.auth.cookieSecure,
        sessionTtlMs: config.auth.sessionTtlMs,
        endSockets: (ids) => hub.endSessions(ids),
      }),
    },
    { name: "sagas", routes: sagasApi(sagas) },
    { name: "discovery", routes: discoveryApi({ miner, ...config.discovery }) },
    { name: "traces", routes: tracesApi({ traces }) },
    { name: "records", routes: recordsApi({ kafka, decoding, limiter: readLimiter }) },
    { name: "groups", routes: groupsApi({ sampler: groups }) },
    { name: "demo", routes: demoApi({ demo: () => demo, audit: (e) => auditLog.audit(e) }) },
    { name: "dlq", routes: dlqApi({ repo: dlqRepo, service: dlqService, redriver, masking: decoding.masking, linkSagas: (r) => sagas.registry.instancesFor(r) }) },
    { name: "audit", routes: auditApi({ log: auditLog }) },
  ];
  const onApiError = (err: unknown, url: string) => log.error("api request failed", { url, err });
  const legacy = (req: http.IncomingMessage, res: http.ServerResponse) =>
    serveApi(req, res, deps, (err) => onApiError(err, req.url ?? "")).then((served) => {
      if (!served) res.writeHead(404).end();
    });
  const api = buildApi(
    capabilities.flatMap((c) => c.routes ?? []),
    { identify: whoIs, publicOrigins: config.auth.publicOrigins, clientAddress: deps.auth!.clientAddress, onError: onApiError, fallback: legacy },
  );
  let generated: ReturnType<typeof api.getOpenAPI31Document> | undefined;
  // Generated once from the route table; routes not yet in the table come from the hand-written document.
  const document = () => {
    generated ??= api.getOpenAPI31Document(OPENAPI_INFO as never);
    return { ...legacyDocument, ...generated, paths: { ...legacyDocument.paths, ...generated.paths }, components: { ...legacyDocument.components, ...generated.components, schemas: { ...legacyDocument.components.schemas, ...generated.components?.schemas } } };
  };
  const apiListener = getRequestListener(api.fetch, { overrideGlobalObjects: false });
  const isApiPath = (p: string) => p.startsWith("/api/") || p === "/metrics" || p === "/healthz" || p === "/readyz";

  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (isApiPath(pathname)) {
      void apiListener(req, res);
      return;
    }
    serveApi(req, res, deps, (err) => log.error("api request failed", { url: req.url, err }))
      .then((served) => {
        if (served) return;
        if (handleNext) return handleNext(req, res);
        res.writeHead(404).end();
      })
      .catch((err: unknown) => {
        log.error("request failed", { url: req.url, err });
        if (!res.headersSent) res.writeHead(500).end();
      });
  });
  const upgradeNext = nextApp?.getUpgradeHandler();
  server.on("upgrade", (req, socket, head) => {
    if (req.url?.startsWith("/socket.io/")) return; // socket.io's own listener takes it
    if (upgradeNext) void upgradeNext(req, socket, head);
    else socket.destroy();
  });

  const hub = createHub({
    httpServer: server,
    pushIntervalMs: config.pushIntervalMs,
    clientBufferRecords: config.clientBufferRecords,
    clientMaxRecordsPerSec: config.clientMaxRecordsPerSec,
    status,
    log,
    identify: whoIs,
    publicOrigins: config.auth.publicOrigins,
    stillValid: async (p: Principal) => {
      if (p.kind === "session") return accounts.sessionAlive(p.sessionId);
      if (p.kind === "token") return accounts.tokenAlive(p.tokenId);
      if (p.kind === "open") return !(await identifyDeps.loginRequired());
      return true;
    },
  });

  const ingest = startIngest({
    decoding,
    kafka,
    brokers: config.brokers,
    security: config.kafkaSecurity,
    groupId: config.groupId,
    startFrom: config.startFrom,
    topicRefreshMs: config.topicRefreshMs,
    log,
    keepWhole: {
      select: (topic) => isDeadLetter(topic) || sagaTopics.has(topic),
      take: async (topic, partition, messages) => {
        const records = messages.map((m) => normalise(topic, partition, m));
        if (sagaTopics.has(topic)) sagas.live(records);
        if (isDeadLetter(topic)) await dlqRepo.capture(records);
      },
    },
    // O(1) per record here: counts per batch, a reference in the trace ring;
    // previews are built only for what a tab is sent or discovery reads.
    onBatch: (batch) => {
      counter.addBatch(batch);
      const now = Date.now();
      throughput.addBatch(batch, now);
      buckets.addBatch(batch, now);
      traces.add(batch.records, now);
      // Discovery looks at what no definition covers (and not at dead letters).
      if (!sagaTopics.has(batch.topic) && !isDeadLetter(batch.topic)) {
        for (const r of batch.records) {
          const e = observe(r);
          if (e) miner.observe(e);
        }
      }
      hub.publish(batch.records);
    },
  });
  ingestStarts(ingest.startPositions());
  ingest.onStatus(() => hub.broadcast("status", (stream) => ({ ...status(), ...stream })));
  const overview = () => {
    const topics = ingest.status().topics.map((topic) => ({ topic, partitions: ingest.partitions().get(topic) ?? 0 }));
    return throughput.overview(Date.now(), topics, isDeadLetter);
  };
  const overviewTimer = setInterval(() => hub.broadcast("overview", overview()), 1000);

  /** What /metrics reports: ingest, Kafka, browsers, operator actions, dead letters, sagas, process. */
  const metrics = async (): Promise<Metric[]> => {
    const ov = overview();
    const dead = await dlqRepo.list({ limit: 1 });
    const sagaSummaries = sagas.registry.summaries();
    const mem = process.memoryUsage();
    return [
      { name: "sagascope_records_ingested_total", help: "Records consumed since the process started", type: "counter", samples: [{ value: counter.total }] },
      { name: "sagascope_topic_records_total", help: "Records seen per topic since Sagascope first saw it (kept across restarts)", type: "counter", samples: ov.topics.map((t) => ({ labels: { topic: t.topic }, value: t.totalRecords })) },
      { name: "sagascope_topic_records_per_second", help: "Records per second per topic, 5 s average", type: "gauge", samples: ov.topics.map((t) => ({ labels: { topic: t.topic }, value: t.recordsPerSec })) },
      { name: "sagascope_topic_bytes_per_second", help: "Bytes per second per topic, 5 s average", type: "gauge", samples: ov.topics.map((t) => ({ labels: { topic: t.topic }, value: t.bytesPerSec })) },
      { name: "sagascope_group_lag", help: "Consumer group lag (records behind), sampled from the admin API", type: "gauge", samples: groups.view().groups.map((g) => ({ labels: { group: g.groupId }, value: g.lag })) },
      { name: "sagascope_group_lag_growing", help: "1 when a group's lag kept growing over its last samples", type: "gauge", samples: groups.view().groups.map((g) => ({ labels: { group: g.groupId }, value: g.growing ? 1 : 0 })) },
      { name: "sagascope_kafka_connected", help: "1 while connected to Kafka", type: "gauge", samples: [{ value: ingest.status().state === "connected" ? 1 : 0 }] },
      { name: "sagascope_socket_clients", help: "Browsers connected over socket.io", type: "gauge", samples: [{ value: hub.clientCount() }] },
      { name: "sagascope_socket_dropped_records_total", help: "Records dropped for browsers that could not keep up", type: "counter", samples: [{ value: hub.droppedTotal() }] },
      { name: "sagascope_socket_sampled_out_records_total", help: "Records matched by a browser's subscription but left out by its per-second sampling (CLIENT_MAX_RECORDS_PER_SEC)", type: "counter", samples: [{ value: hub.sampledOutTotal() }] },
      { name: "sagascope_operator_actions_total", help: "Operator actions by action and result, as audited", type: "counter", samples: actions.samples() },
      { name: "sagascope_dead_letters", help: "Dead letters stored, by status", type: "gauge", samples: dead.groups.status.map((g) => ({ labels: { status: g.value }, value: g.count })) },
      { name: "sagascope_saga_instances", help: "Saga instances in memory by saga and state", type: "gauge", samples: sagaSummaries.flatMap((s) => Object.entries(s.byState).map(([state, value]) => ({ labels: { saga: s.name, state }, value }))) },
      { name: "sagascope_saga_finished_total", help: "Finished saga instances by outcome", type: "counter", samples: sagaSummaries.flatMap((s) => Object.entries(s.finished).map(([outcome, value]) => ({ labels: { saga: s.name, outcome }, value }))) },
      { name: "sagascope_saga_stuck", help: "Live saga instances past their state's timeout", type: "gauge", samples: sagaSummaries.map((s) => ({ labels: { saga: s.name }, value: s.stuck })) },
      { name: "sagascope_saga_anomalies_total", help: "Saga anomalies by kind", type: "counter", samples: sagaSummaries.flatMap((s) => Object.entries(s.anomalies).map(([kind, value]) => ({ labels: { saga: s.name, kind }, value }))) },
      { name: "process_resident_memory_bytes", help: "Resident memory", type: "gauge", samples: [{ value: mem.rss }] },
      { name: "nodejs_heap_used_bytes", help: "V8 heap in use", type: "gauge", samples: [{ value: mem.heapUsed }] },
      { name: "process_uptime_seconds", help: "Seconds since the server started", type: "gauge", samples: [{ value: Math.round((Date.now() - serverStartedAt) / 1000) }] },
    ];
  };

  const flushStats = async () => {
    const deltas = counter.take();
    const bucketDeltas = buckets.take();
    try {
      await store.addTopicCounts(deltas);
    } catch (err) {
      counter.restore(deltas);
      log.warn("could not save topic counts; will retry", { err });
    }
    try {
      await store.addThroughputBuckets(bucketDeltas);
    } catch (err) {
      buckets.restore(bucketDeltas);
      log.warn("could not save throughput; will retry", { err });
    }
  };
  const prune = () =>
    store.pruneThroughput(Math.floor(Date.now() / 1000) - config.throughputRetentionHours * 3600).catch((err: unknown) => log.warn("could not prune throughput history", { err }));
  void prune();
  const pruneTimer = setInterval(() => {
    void prune();
    accounts.pruneSessions().catch((err: unknown) => log.warn("could not prune expired sessions", { err }));
  }, 60_000);
  const statsTimer = setInterval(() => void flushStats(), config.statsFlushMs);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  log.info("sagascope listening", { url, brokers: config.brokers, kafkaSecurity: describeSecurity(config.kafkaSecurity), groupId: config.groupId });

  return {
    url,
    port,
    attachDemo(control) {
      demo = control;
      log.info(control ? "scenario controls attached to the demo" : "scenario controls detached");
    },
    async close() {
      demo = null;
      // Operator actions first: no new ones, and the ones publishing record their outcome.
      await redriver.close();
      await sagas.stop();
      await groups.stop();
      await dlqService.close();
      clearInterval(statsTimer);
      clearInterval(overviewTimer);
      clearInterval(pruneTimer);
      await ingest.stop();
      await hub.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await flushStats();
      await store.close();
      await nextApp?.close();
    },
  };
}
