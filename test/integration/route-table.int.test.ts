import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { z } from "zod";
import { startSagascope, type Sagascope } from "../../server/app";
import type { Config } from "../../server/config";
import {
  type AnyRoute,
  apiRoutes,
  DemoServiceNames,
  type ErrorStatus,
  errorBodySchema,
  FailingServices,
  fillPath,
  isRawAnswer,
  type SessionInfo,
} from "../../server/contract";
import { dropFreshDatabases, freshUrl } from "../../server/store/test-db";
import { kcat, quietLog, suffix, testConfig, testKafka, waitFor } from "./helpers";

/**
 * Walks the whole route table against the real server and broker: every
 * declared route is called with a valid request and must answer its declared
 * status with a body its declared schema parses (nothing missing, nothing
 * undeclared); without credentials it must answer 401 (unless public), with a
 * viewer's token 403 when it needs more, and with a body that is not an
 * object 400 with INVALID_BODY or the route's own field code. The table of
 * valid requests below must name every declared route and no other, so a
 * route cannot be added without being walked.
 */

const brokers = inject("brokers");
const kafka = testKafka(brokers);
const PW = { root: "root password 0001", pw: "password user pw 01", pwNext: "password user pw 02" };

type Caps = typeof apiRoutes;
type RouteKey = { [C in keyof Caps]: `${C & string}.${keyof Caps[C] & string}` }[keyof Caps];

const declared = new Map<string, AnyRoute>(
  Object.entries(apiRoutes).flatMap(([cap, routes]) =>
    Object.entries(routes).map(([name, decl]) => [`${cap}.${name}`, decl as AnyRoute] as const),
  ),
);

interface Req {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}
interface Answer {
  status: number;
  headers: Headers;
  bytes: Buffer;
  json: unknown;
}
interface Walk {
  /** Setup (waiting for what the call needs) and the valid request. */
  req?: () => Req | Promise<Req>;
  /** Who makes the valid call (headers); the admin's API token unless said. */
  as?: () => Record<string, string>;
  /** Success statuses besides the declared one (/readyz: 503 with the same body). */
  orStatus?: number[];
  /** A declared error answer instead of the success. */
  answers?: { code: string };
  /** What the answer tells later calls (ids), and checks of its own. */
  then?: (a: Answer, req: Req) => void | Promise<void>;
}

describe("the route table walked against the real server", () => {
  const s = suffix();
  const topic = `it-walk-${s}`;
  const dlt = `${topic}.DLT`;
  const bulkDlt = `${topic}-bulk.DLT`;
  const sagaTopic = `it-walk-orders-${s}`;
  const flowTopic = `it-walk-flow-${s}`;
  const sagaId = `w-${s}`;
  let app: Sagascope;
  let config: Config;
  /** Bearer headers of the admin's and a viewer's API tokens. */
  let admin: Record<string, string> = {};
  let viewer: Record<string, string> = {};
  /** The session the login route's walk signs in (its logout is walked last). */
  let rootSession: Record<string, string> = {};
  let pwSession: Record<string, string> = {};
  const ids = { deadLetters: [] as string[], redrive: "", user: "", token: "", scan: "" };

  /** Calls a declared route: params filled into its path, query appended, body as JSON. */
  async function call(decl: AnyRoute, req: Req, headers: Record<string, string>, rawBody?: string): Promise<Answer> {
    const url = new URL(fillPath(decl.path, req.params), app.url);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    const body = rawBody ?? (req.body === undefined ? undefined : JSON.stringify(req.body));
    const res = await fetch(url, {
      method: decl.method.toUpperCase(),
      redirect: "manual",
      headers: { ...(decl.method === "get" ? {} : { "content-type": "application/json" }), ...req.headers, ...headers },
      ...(body === undefined ? {} : { body }),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    let json: unknown = null;
    try {
      json = JSON.parse(bytes.toString("utf8"));
    } catch {
      json = null;
    }
    return { status: res.status, headers: res.headers, bytes, json };
  }
  const codeOf = (a: Answer) => errorBodySchema.safeParse(a.json).data?.error.code;
  const signIn = async (username: string, password: string) => {
    const a = await call(apiRoutes.auth.login, { body: { username, password } }, {});
    expect(a.status, `sign in as ${username}`).toBe(200);
    return { cookie: a.headers.get("set-cookie")!.split(";")[0]!, "x-csrf-token": (a.json as SessionInfo).csrfToken! };
  };
  const get = async <T>(decl: AnyRoute, req: Req = {}) => {
    const a = await call(decl, req, admin);
    return a.status === 200 ? (a.json as T) : undefined;
  };

  beforeAll(async () => {
    // A saga of its own, on a topic of its own.
    const sagasDir = mkdtempSync(path.join(os.tmpdir(), "walk-sagas-"));
    writeFileSync(
      path.join(sagasDir, "walk.json"),
      JSON.stringify({
        name: "walk",
        topics: [sagaTopic],
        correlation: ["headers.saga-id"],
        eventType: ["headers.event-type"],
        initial: "new",
        states: { new: {}, started: {}, done: { terminal: "completed" } },
        transitions: [
          { from: "new", event: "Started", to: "started" },
          { from: "started", event: "Done", to: "done" },
        ],
      }),
    );
    // Its own database: accounts in the shared PostgreSQL test database would make every other suite need a login.
    const db: Record<string, string> = process.env.IT_DATABASE_URL
      ? { DATABASE_URL: await freshUrl("postgresql") }
      : {};
    config = testConfig(brokers, {
      ...db,
      SAGASCOPE_ADMIN_USER: "root",
      SAGASCOPE_ADMIN_PASSWORD: PW.root,
      SAGAS_DIR: sagasDir,
      GROUP_SAMPLE_MS: "500",
      // The profile routes need profiles (testConfig turns them off).
      PROFILE_INTERVAL_MS: "5000",
    });
    app = await startSagascope(config, quietLog(), { ui: false });

    // The first admin signs in and makes the tokens the walk calls with, and the user whose password it changes.
    const root = await signIn("root", PW.root);
    const made = async (username: string, role: string) => {
      const a = await call(apiRoutes.auth.createToken, { body: { username, name: `walk-${role}`, role } }, root);
      expect(a.status).toBe(201);
      return { authorization: `Bearer ${(a.json as { token: string }).token}` };
    };
    admin = await made("root", "admin");
    for (const [username, password] of [
      ["walk-view", "viewer password 001"],
      ["walk-pw", PW.pw],
    ] as const) {
      expect(
        (await call(apiRoutes.auth.createUser, { body: { username, password, role: "viewer" } }, admin)).status,
      ).toBe(201);
    }
    viewer = await made("walk-view", "viewer");

    const kadmin = kafka.admin();
    await kadmin.connect();
    await kadmin.createTopics({
      topics: [topic, dlt, bulkDlt, sagaTopic, flowTopic].map((t) => ({ topic: t, numPartitions: 1 })),
      waitForLeaders: true,
    });
    await kadmin.disconnect();
    // Created after the start, so ingest reads them from their first record.
    await waitFor("topics ingested", async () => {
      const st = await get<{ kafka: { topics: string[] } }>(apiRoutes.platform.status);
      return [topic, dlt, bulkDlt, sagaTopic, flowTopic].every((t) => st?.kafka.topics.includes(t));
    });
    const produce = (t: string, headers: string[], value: string, key?: string) =>
      kcat(["-b", brokers, "-P", "-t", t, ...(key ? ["-k", key] : []), ...headers.flatMap((h) => ["-H", h])], value);
    await produce(topic, [`correlation-id=${sagaId}`], '{"walk":1}', "k-1");
    await produce(sagaTopic, [`saga-id=${sagaId}`, "event-type=Started"], "{}", sagaId);
    for (const type of [`Begun${s}`, `Ended${s}`])
      await produce(flowTopic, [`saga-id=d-${s}`, `event-type=${type}`], "{}");
    for (const n of [1, 2])
      await produce(
        dlt,
        [`kafka_dlt-original-topic=${topic}`, "kafka_dlt-exception-message=boom"],
        `{"n":${n}}`,
        `d-${n}`,
      );
    for (const n of [1, 2, 3, 4])
      await produce(
        bulkDlt,
        [`kafka_dlt-original-topic=${topic}`, "kafka_dlt-exception-message=bulk"],
        `{"n":${n}}`,
        `b-${n}`,
      );
  });
  afterAll(async () => {
    await app?.close();
    await dropFreshDatabases();
  });

  const deadLetters = (t: string, n: number) =>
    waitFor(`${n} dead letters on ${t}`, async () => {
      const l = await get<{ total: number; messages: Array<{ id: string }> }>(apiRoutes.dlq.list, {
        query: { topic: t },
      });
      return l?.total === n ? l.messages.map((m) => m.id) : undefined;
    });
  const demoBody = {
    rate: { ordersPerSecond: 1 },
    failures: { service: FailingServices[0], share: 0.5 },
    outage: { service: DemoServiceNames[0], down: true },
    poison: { count: 1 },
    duplicates: { count: 1 },
  };
  // No demo runs in this server: the demo's fake (server/demo/fake-control.ts) is not the demo, so the walk takes
  // the answer every demo route declares for that, DEMO_NOT_RUNNING (test/integration/demo-controls.int.test.ts attaches the real one).
  const notRunning = { answers: { code: "DEMO_NOT_RUNNING" } };

  /** The valid request of every declared route, in the order they are walked. */
  const walks = {
    "platform.healthz": {},
    "platform.readyz": { orStatus: [503] },
    "platform.metrics": { then: (a) => expect(a.bytes.toString()).toContain("sagascope_") },
    "platform.openapi": {},
    "platform.status": {},
    "platform.health": {},

    "topics.list": {
      then: (a) => expect((a.json as { topics: Array<{ name: string }> }).topics.map((t) => t.name)).toContain(topic),
    },
    "topics.view": {
      req: async () => {
        const query = { sort: "topic", dir: "asc", q: topic.toUpperCase(), offset: "0", limit: "5" };
        // Views are cut from a snapshot taken once a second: wait for one that has the walk's topics.
        await waitFor("the view's snapshot has the walk's topics", async () => {
          const view = await get<{ matched: number }>(apiRoutes.topics.view, { query });
          return view?.matched === 3;
        });
        return { query };
      },
      // The filter is the walk's topic and its dead-letter topics, sorted by name: the page is those, in that order.
      then: (a) => {
        const view = a.json as { matched: number; total: number; rows: Array<{ topic: string; spark: number[] }> };
        expect(view.rows.map((r) => r.topic)).toEqual([topic, bulkDlt, dlt].sort(new Intl.Collator("en").compare));
        expect(view.matched).toBe(3);
        expect(view.total).toBeGreaterThanOrEqual(5);
        expect(view.rows[0]!.spark).toHaveLength(60);
      },
    },
    "profiles.profile": {
      req: async () => {
        await waitFor("the walk's topic profiled", () => get(apiRoutes.profiles.profile, { params: { name: topic } }));
        return { params: { name: topic } };
      },
      then: (a) => expect((a.json as { topic: string }).topic).toBe(topic),
    },
    "profiles.summaries": {
      req: () => ({ query: { topics: `${topic},it-walk-none-${s}` } }),
      then: (a) =>
        expect((a.json as { profiles: Array<{ topic: string }> }).profiles.map((p) => p.topic)).toEqual([topic]),
    },
    "topics.overview": {},
    "topics.throughput": { req: () => ({ query: { topic, range: "5m", partition: "0" } }) },
    "topics.topicThroughput": {
      req: async () => {
        await waitFor("the topic's records counted", async () =>
          (await get<{ topics: Array<{ name: string; records: string }> }>(apiRoutes.topics.list))?.topics.some(
            (t) => t.name === topic && t.records === "1",
          ),
        );
        return { params: { name: topic }, query: { window: "5m" } };
      },
    },

    "records.range": {
      req: () => ({ query: { topic, partition: "0", offset: "0" } }),
      then: (a) => expect((a.json as { records: unknown[] }).records).toHaveLength(1),
    },
    "records.topicPage": {
      req: () => ({ params: { name: topic } }),
      then: (a) => expect((a.json as { records: unknown[] }).records).toHaveLength(1),
    },
    "records.one": { req: () => ({ params: { topic, partition: "0", offset: "0" } }) },
    "records.value": {
      req: () => ({ params: { topic, partition: "0", offset: "0" } }),
      then: (a) => expect(a.bytes.toString()).toBe('{"walk":1}'),
    },

    "traces.trace": {
      req: async () => {
        await waitFor(
          "the trace's hops",
          async () =>
            ((await get<{ hops: unknown[] }>(apiRoutes.traces.trace, { params: { id: sagaId } }))?.hops.length ?? 0) >=
            2,
        );
        return { params: { id: sagaId } };
      },
    },
    "traces.startScan": {
      req: () => ({ params: { id: sagaId }, body: { topics: [topic, sagaTopic], minutes: 5 } }),
      then: (a) => void (ids.scan = (a.json as { id: string }).id),
    },
    "traces.scan": {
      req: async () => {
        await waitFor("the scan done", async () => {
          const scan = await get<{ state: string }>(apiRoutes.traces.scan, { params: { scanId: ids.scan } });
          return scan?.state === "done";
        });
        return { params: { scanId: ids.scan } };
      },
      // The walk's topic and the saga's each carry the id once.
      then: (a) => expect((a.json as { trace: { hops: unknown[] } }).trace.hops).toHaveLength(2),
    },
    "traces.cancelScan": { req: () => ({ params: { scanId: ids.scan } }) },

    "sagas.list": {},
    "sagas.detail": { req: () => ({ params: { name: "walk" } }) },
    "sagas.instances": {
      req: async () => {
        await waitFor("the saga's instance", () =>
          get(apiRoutes.sagas.instance, { params: { name: "walk", id: sagaId } }),
        );
        return { params: { name: "walk" }, query: { state: "started", limit: "10" } };
      },
      then: (a) => expect(JSON.stringify(a.json)).toContain(sagaId),
    },
    "sagas.instance": { req: () => ({ params: { name: "walk", id: sagaId } }) },

    "discovery.flow": {
      req: async () => {
        await waitFor("the flow discovered", async () =>
          (await get<{ graph: { edges: Array<{ from: string }> } }>(apiRoutes.discovery.flow))?.graph.edges.some(
            (e) => e.from === `Begun${s}`,
          ),
        );
        return {};
      },
    },
    "discovery.definition": {},

    "groups.list": {
      req: async () => {
        await waitFor("the server's own group sampled", async () =>
          (await get<{ groups: Array<{ groupId: string }> }>(apiRoutes.groups.list))?.groups.some(
            (g) => g.groupId === config.groupId,
          ),
        );
        return {};
      },
    },
    "groups.consumerGroups": {},
    "groups.detail": { req: () => ({ params: { id: config.groupId } }) },

    "demo.state": notRunning,
    "demo.rate": { ...notRunning, req: () => ({ body: demoBody.rate }) },
    "demo.failures": { ...notRunning, req: () => ({ body: demoBody.failures }) },
    "demo.outage": { ...notRunning, req: () => ({ body: demoBody.outage }) },
    "demo.poison": { ...notRunning, req: () => ({ body: demoBody.poison }) },
    "demo.duplicates": {
      ...notRunning,
      req: () => ({ body: demoBody.duplicates, headers: { "Idempotency-Key": `walk-${s}` } }),
    },

    "dlq.list": {
      req: async () => {
        ids.deadLetters = await deadLetters(dlt, 2);
        return { query: { topic: dlt, status: "new" } };
      },
    },
    "dlq.detail": { req: () => ({ params: { id: ids.deadLetters[0]! } }) },
    "dlq.value": {
      req: () => ({ params: { id: ids.deadLetters[0]! } }),
      then: (a) => expect(a.bytes.toString()).toMatch(/^\{"n":[12]\}$/),
    },
    "dlq.retry": {
      req: () => ({
        params: { id: ids.deadLetters[0]! },
        body: { reason: "walked" },
        headers: { "x-sagascope-operator": "walker" },
      }),
    },
    "dlq.discard": { req: () => ({ params: { id: ids.deadLetters[1]! }, body: { reason: "walked" } }) },
    "dlq.redrives": {},
    "dlq.startRedrive": {
      // One a second: still running when the walk cancels it.
      req: async () => (
        await deadLetters(bulkDlt, 4), { body: { dltTopic: bulkDlt, ratePerSec: 1, reason: "walked" } }
      ),
      then: (a) => void (ids.redrive = (a.json as { id: string }).id),
    },
    "dlq.redrive": { req: () => ({ params: { id: ids.redrive }, query: { results: "1" } }) },
    "dlq.cancelRedrive": { req: () => ({ params: { id: ids.redrive } }) },

    "audit.list": {
      req: () => ({ query: { action: "retry", limit: "10" } }),
      then: (a) => expect((a.json as { entries: unknown[] }).entries.length).toBeGreaterThan(0),
    },

    "auth.session": { then: (a) => expect(a.json).toMatchObject({ user: { username: "root" }, role: "admin" }) },
    "auth.login": {
      req: () => ({ body: { username: "root", password: PW.root } }),
      as: () => ({}),
      then: (a) =>
        void (rootSession = {
          cookie: a.headers.get("set-cookie")!.split(";")[0]!,
          "x-csrf-token": (a.json as SessionInfo).csrfToken!,
        }),
    },
    "auth.listUsers": {},
    "auth.createUser": {
      req: () => ({ body: { username: `walk-new-${s}`, password: "a new user password 1", role: "viewer" } }),
      then: (a) => void (ids.user = (a.json as { id: string }).id),
    },
    "auth.updateUser": {
      req: () => ({ params: { id: ids.user }, body: { role: "operator" } }),
      then: (a) => expect(a.json).toMatchObject({ role: "operator" }),
    },
    "auth.deleteUser": { req: () => ({ params: { id: ids.user } }) },
    "auth.listTokens": {},
    "auth.createToken": {
      req: () => ({ body: { username: "walk-view", name: "walk-made", role: "viewer", expiresInDays: 1 } }),
      then: (a) => void (ids.token = (a.json as { id: string }).id),
    },
    "auth.revokeToken": { req: () => ({ params: { id: ids.token } }) },
    "auth.password": {
      req: async () => ((pwSession = await signIn("walk-pw", PW.pw)), { body: { current: PW.pw, next: PW.pwNext } }),
      as: () => pwSession,
    },
    // Last: it ends the session the login's walk started.
    "auth.logout": { as: () => rootSession },
  } satisfies Record<RouteKey, Walk>;

  it("has a valid request for every declared route, and none for a route that is not declared", () => {
    const missing = [...declared.keys()].filter((k) => !(k in walks));
    const unknown = Object.keys(walks).filter((k) => !declared.has(k));
    expect({ missing, unknown }).toEqual({ missing: [], unknown: [] });
    // What changes state is never a mere viewer's: an operator's, an admin's, or the caller's own session (auth).
    const viewerWrites = [...declared].filter(([, d]) => d.method !== "get" && d.role === "viewer").map(([k]) => k);
    // A trace scan only reads (a throwaway consumer, no commits): starting and cancelling one is a viewer's.
    expect(viewerWrites, "writes a viewer may call").toEqual(["traces.startScan", "traces.cancelScan"]);
    const openAdmin = [...declared]
      .filter(([, d]) => d.path.startsWith("/api/admin/") && d.role !== "admin")
      .map(([k]) => k);
    expect(openAdmin, "account administration below admin").toEqual([]);
  });

  for (const [key, walk] of Object.entries(walks) as Array<[string, Walk]>) {
    it(`${key}: answers as declared, refuses callers without the role, refuses a body that is not an object`, async () => {
      const decl = declared.get(key);
      expect(decl, `${key} is not a declared route`).toBeDefined();
      if (!decl) return;
      const req = (await walk.req?.()) ?? {};

      // Without credentials (accounts exist): 401, unless anyone may call it.
      if (decl.role !== "public") {
        const anon = await call(decl, req, {});
        expect([anon.status, codeOf(anon)], `${key} without credentials`).toEqual([401, "UNAUTHENTICATED"]);
      }
      // A viewer's token where more is needed: 403.
      if (decl.role === "operator" || decl.role === "admin") {
        const weak = await call(decl, req, viewer);
        expect([weak.status, codeOf(weak)], `${key} with a viewer's token`).toEqual([403, "FORBIDDEN"]);
      }
      // A body that is not an object: 400, INVALID_BODY or the route's own code for a field.
      if (decl.body) {
        const bad = await call(decl, req, admin, "[]");
        expect(bad.status, `${key} with a JSON array for a body`).toBe(400);
        expect(["INVALID_BODY", ...Object.values(decl.fieldErrors ?? {})], `${key}'s code for a JSON array`).toContain(
          codeOf(bad),
        );
      }

      const a = await call(decl, req, walk.as?.() ?? admin);
      if (walk.answers) {
        // A declared error answer: the code is in the declaration, with the status it answered.
        expect([a.status, codeOf(a)], `${key}'s answer`).toEqual([
          (decl.errors as Record<string, ErrorStatus>)[walk.answers.code],
          walk.answers.code,
        ]);
        expect(a.status).toBeGreaterThanOrEqual(400);
      } else {
        expect(
          [decl.status ?? 200, ...(walk.orStatus ?? [])],
          `${key}'s status (${a.bytes.toString().slice(0, 300)})`,
        ).toContain(a.status);
        if (isRawAnswer(decl.response)) {
          expect(a.headers.get("content-type"), `${key}'s content type`).toBe(decl.response.raw);
        } else {
          expect(a.headers.get("content-type"), `${key}'s content type`).toMatch(/^application\/json\b/);
          const parsed = (decl.response as z.ZodType).safeParse(a.json);
          expect(parsed.error?.issues ?? [], `${key}'s answer against its declared schema`).toEqual([]);
          // z.object drops what it does not declare: equality catches a field the schema leaves out.
          expect(parsed.data, `${key}'s answer has fields its schema does not declare`).toEqual(a.json);
        }
      }
      await walk.then?.(a, req);
    });
  }

  it("the generated document lists exactly the declared routes, with their parameters and error codes", async () => {
    type Op = {
      "x-sagascope-role"?: string;
      parameters?: Array<{ name: string; in: string }>;
      responses: Record<string, { content?: Record<string, { schema?: unknown }>; description?: string }>;
    };
    const a = await call(apiRoutes.platform.openapi, {}, admin);
    expect(a.status).toBe(200);
    const doc = a.json as { paths: Record<string, Record<string, Op>> };
    const listed = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops)
        .filter((m) => ["get", "post", "put", "patch", "delete"].includes(m))
        .map((m) => `${m.toUpperCase()} ${p}`),
    );
    const routes = [...declared.values()].map((d) => `${d.method.toUpperCase()} ${d.path}`);
    expect(listed.sort()).toEqual(routes.sort());
    for (const [key, decl] of declared) {
      const op = doc.paths[decl.path]![decl.method]!;
      // Generated from the declaration (a hand-written entry has no role).
      expect(op["x-sagascope-role"], `${key}'s role`).toBe(decl.role);
      const names = (where: string) =>
        (op.parameters ?? [])
          .filter((p) => p.in === where)
          .map((p) => p.name)
          .sort();
      const keysOf = (schema: unknown) => Object.keys((schema as z.ZodObject | undefined)?.shape ?? {}).sort();
      expect(names("path"), `${key}'s path parameters`).toEqual(keysOf(decl.params));
      expect(names("query"), `${key}'s query parameters`).toEqual(keysOf(decl.query));
      expect(
        names("header").map((h) => h.toLowerCase()),
        `${key}'s headers`,
      ).toEqual(
        Object.keys(decl.headers ?? {})
          .map((h) => h.toLowerCase())
          .sort(),
      );
      const success = op.responses[String(decl.status ?? 200)];
      expect(Object.keys(success?.content ?? {}), `${key}'s success answer`).toEqual([
        isRawAnswer(decl.response) ? decl.response.raw : "application/json",
      ]);
      const codes: Array<[string, number]> = [
        ...Object.entries(decl.errors as Record<string, number>),
        ...Object.values(decl.fieldErrors ?? {}).map((c) => [c as string, 400] as [string, number]),
      ];
      for (const [code, status] of codes) {
        const schema = op.responses[String(status)]?.content?.["application/json"]?.schema as
          | { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } }
          | undefined;
        expect(schema?.properties?.error?.properties?.code?.enum, `${key}: ${code} under ${status}`).toContain(code);
      }
    }
  });
});
