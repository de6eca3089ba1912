import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startSagascope, type Sagascope } from "../../server/app";
import { demoRoutes, errorBodySchema, type DemoState, type SessionInfo } from "../../server/contract";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { noSecurity } from "../../server/kafka/client";
import { startDemo, type Demo } from "../../server/demo";
import { dropFreshDatabases, freshUrl } from "../../server/store/test-db";
import { quietLog, suffix, testConfig } from "./helpers";

const brokers = inject("brokers");
const PW = { root: "root password 0001", op: "operator password 01", view: "viewer password 001" };

/** A signed-in browser: its cookie and CSRF token. */
async function signIn(app: Sagascope, username: string, password: string) {
  const res = await fetch(`${app.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  const csrf = ((await res.json()) as SessionInfo).csrfToken!;
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(`${app.url}${path}`, {
      method,
      headers: {
        cookie,
        ...(method === "GET" ? {} : { "content-type": "application/json", "x-csrf-token": csrf }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    return {
      status: r.status,
      json: (await r.json().catch(() => null)) as Record<string, unknown> & { error?: { code: string } },
    };
  };
}

// The routes' logic has unit tests (server/demo/routes.test.ts); this is the HTTP edge in front of them:
// roles, CSRF, the body limit, attaching a demo after start, and the audit rows in the real database.
describe("the demo's scenario controls behind the real HTTP edge", () => {
  let app: Sagascope;
  let demo: Demo;
  const up = async (service: string) => (await demo.state()).services.find((s) => s.service === service)!.up;
  let root: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    // Its own database: accounts in the shared PostgreSQL test database would make every other suite need a login.
    const db: Record<string, string> = process.env.IT_DATABASE_URL
      ? { DATABASE_URL: await freshUrl("postgresql") }
      : {};
    app = await startSagascope(
      testConfig(brokers, { ...db, SAGASCOPE_ADMIN_USER: "root", SAGASCOPE_ADMIN_PASSWORD: PW.root }),
      quietLog(),
      { ui: false },
    );
    root = await signIn(app, "root", PW.root);
    // The real demo, idle (no orders) under its own prefix: the levers act on it.
    demo = await startDemo({
      connection: { brokers: [brokers], security: noSecurity },
      database: {
        url: process.env.IT_DATABASE_URL ? await freshUrl("postgresql") : undefined,
        dataDir: mkdtempSync(path.join(os.tmpdir(), "demo-ctl-")),
      },
      ordersPerSecond: 0,
      topicPrefix: `it-ctl-${suffix()}-`,
    });
    for (const [username, role] of [
      ["op", "operator"],
      ["view", "viewer"],
    ] as const)
      expect((await root("POST", "/api/admin/users", { username, password: PW[username], role })).status).toBe(201);
  });
  afterAll(async () => {
    await app?.close();
    await demo?.stop();
    await dropFreshDatabases();
  });

  it("answers DEMO_NOT_RUNNING until a demo is attached, and again once it is detached", async () => {
    const view = await signIn(app, "view", PW.view);
    expect((await view("GET", "/api/demo")).json.error?.code).toBe("DEMO_NOT_RUNNING");
    app.attachDemo(demo);
    expect((await view("GET", "/api/demo")).json).toMatchObject({ ordersPerSecond: 0 });
    app.attachDemo(null);
    expect((await view("GET", "/api/demo")).status).toBe(404);
  });

  it("lets a viewer look but not pull a lever; an operator's lever is audited before and after", async () => {
    app.attachDemo(demo);
    const view = await signIn(app, "view", PW.view);
    const refused = await view("POST", "/api/demo/rate", { ordersPerSecond: 50 });
    expect(refused).toMatchObject({ status: 403, json: { error: { code: "FORBIDDEN" } } });

    const op = await signIn(app, "op", PW.op);
    expect(
      (await op("POST", "/api/demo/outage", { service: "payment-service", down: true }, { "x-csrf-token": "" })).json
        .error?.code,
    ).toBe("CSRF_TOKEN");
    expect(await up("payment-service")).toBe(true);

    const ok = await op("POST", "/api/demo/outage", { service: "payment-service", down: true });
    expect(ok.status).toBe(200);
    expect((ok.json as unknown as DemoState).services.find((s) => s.service === "payment-service")?.up).toBe(false);
    expect(await up("payment-service")).toBe(false);
    const audit = (await root("GET", "/api/audit?action=demo.outage")).json as unknown as {
      entries: Array<{ actor: string; target: string; result: string; detail: unknown }>;
    };
    expect(audit.entries.map((e) => [e.actor, e.target, e.result])).toEqual([
      ["op (operator)", "payment-service", "ok"],
      ["op (operator)", "payment-service", "requested"],
    ]);
    expect(audit.entries[0]!.detail).toEqual({ service: "payment-service", down: true });
  });

  it("pulls a lever once per Idempotency-Key: the repeat answers the first outcome", async () => {
    const op = await signIn(app, "op", PW.op);
    const key = { "idempotency-key": `poison-${Date.now()}` };
    const first = await op("POST", "/api/demo/poison", { count: 1 }, key);
    const again = await op("POST", "/api/demo/poison", { count: 1 }, key);
    expect(first.status).toBe(200);
    expect(again).toEqual(first);
    expect((await demo.state()).poisonSent).toBe(1);
    const audit = (await root("GET", "/api/audit?action=demo.poison")).json as unknown as {
      entries: Array<{ result: string }>;
    };
    expect(audit.entries.map((e) => e.result)).toEqual(["refused", "ok", "requested"]);
  });

  it("refuses a lever body beyond the small-body limit before parsing it", async () => {
    const op = await signIn(app, "op", PW.op);
    const big = JSON.stringify({ ordersPerSecond: 1, pad: "x".repeat(20_000) });
    expect(await op("POST", "/api/demo/rate", big)).toMatchObject({
      status: 413,
      json: { error: { code: "BODY_TOO_LARGE" } },
    });
    expect((await op("POST", "/api/demo/rate", { ordersPerSecond: 1000 })).json.error?.code).toBe("INVALID_BODY");
  });

  it("answers what its declarations say: the state and a lever's answer parse with the declared schema, errors with declared codes", async () => {
    app.attachDemo(demo);
    const op = await signIn(app, "op", PW.op);
    const state = await op("GET", "/api/demo");
    expect(state.status).toBe(200);
    expect(demoRoutes.state.response.parse(state.json).services.map((s) => s.service)).toContain("payment-service");
    const pulled = await op("POST", "/api/demo/outage", { service: "payment-service", down: false });
    expect(pulled.status).toBe(200);
    expect(
      demoRoutes.outage.response.parse(pulled.json).services.find((s) => s.service === "payment-service")?.up,
    ).toBe(true);
    const key = { "idempotency-key": `reused-${Date.now()}` };
    expect((await op("POST", "/api/demo/duplicates", { count: 1 }, key)).status).toBe(200);
    const reused = await op("POST", "/api/demo/poison", { count: 1 }, key);
    expect(reused.status).toBe(demoRoutes.poison.errors.IDEMPOTENCY_KEY_REUSED);
    expect(errorBodySchema.parse(reused.json).error.code).toBe("IDEMPOTENCY_KEY_REUSED");
    app.attachDemo(null);
    const gone = await op("GET", "/api/demo");
    expect(gone.status).toBe(demoRoutes.state.errors.DEMO_NOT_RUNNING);
    expect(errorBodySchema.parse(gone.json).error.code).toBe("DEMO_NOT_RUNNING");
  });

  it("documents its routes in the generated OpenAPI document: roles, the small body limit, the Idempotency-Key header", async () => {
    const doc = (await root("GET", "/api/openapi.json")).json as unknown as {
      paths: Record<
        string,
        Record<
          string,
          { "x-sagascope-role"?: string; "x-body-limit"?: number; parameters?: Array<{ name: string; in: string }> }
        >
      >;
    };
    expect(doc.paths["/api/demo"]?.get?.["x-sagascope-role"]).toBe("viewer");
    for (const lever of ["rate", "failures", "outage", "poison", "duplicates"]) {
      const op = doc.paths[`/api/demo/${lever}`]?.post;
      expect(op?.["x-sagascope-role"], lever).toBe("operator");
      expect(op?.["x-body-limit"], lever).toBe(16 * 1024);
      expect(
        op?.parameters?.map((p) => `${p.in} ${p.name}`),
        lever,
      ).toContain("header Idempotency-Key");
    }
  });
});
