import http from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DemoControl, DemoState } from "../contract";
import { identify } from "../auth/gate";
import type { AuditInput } from "../audit/repo";
import { buildApi } from "../http/api";
import { demoApi, type DemoApiDeps, type LeverOutcome } from "./api";
import { fakeDemoControl } from "./fake-control";
import { leverMemory } from "./lever-memory";

// The scenario controls behind the real route table and HTTP edge, on a loopback port: what a
// client sees (statuses, codes, bodies) and what the demo and the audit saw. A loopback server
// without accounts names the caller by x-sagascope-operator; OPERATOR_TOKEN set makes it a viewer.

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** The demo's routes alone in a route table, served on a loopback port. */
async function serve(deps: DemoApiDeps, operatorToken: string | null = null): Promise<string> {
  const app = buildApi(demoApi(deps), {
    identify: (req) =>
      identify(req, {
        loginRequired: async () => false,
        session: async () => null,
        token: async () => null,
        operatorToken,
        loopback: true,
      }),
  });
  const server = http.createServer(getRequestListener(app.fetch, { overrideGlobalObjects: false }));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let base = "";

/** A fake demo (or none) and a recording audit behind a fresh server; `change` adjusts the deps first. */
async function setup(
  running = true,
  change: (deps: DemoApiDeps, demo: ReturnType<typeof fakeDemoControl>) => void = () => {},
  operatorToken: string | null = null,
) {
  const demo = fakeDemoControl();
  const audits: AuditInput[] = [];
  const deps: DemoApiDeps = { demo: () => (running ? demo.control : null), audit: async (e) => void audits.push(e) };
  change(deps, demo);
  base = await serve(deps, operatorToken);
  return { demo, audits };
}

type Answer = {
  status: number;
  body: DemoState & {
    error?: { code: string; message?: string; retriable?: boolean; issues?: Array<{ path: string; message: string }> };
  };
};

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      "x-sagascope-operator": "ada",
      ...(method === "GET" ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Answer["body"] };
}

describe("the demo's routes", () => {
  it("answers the demo's state", async () => {
    await setup();
    const out = await call("GET", "/api/demo");
    expect(out.status).toBe(200);
    expect(out.body).toMatchObject({ ordersPerSecond: 5, services: expect.any(Array) });
  });

  it("answers 404 DEMO_NOT_RUNNING for the state and every lever when no demo runs, and audits nothing", async () => {
    const { audits } = await setup(false);
    expect(await call("GET", "/api/demo")).toMatchObject({
      status: 404,
      body: { error: { code: "DEMO_NOT_RUNNING" } },
    });
    for (const [path, body] of [
      ["rate", { ordersPerSecond: 10 }],
      ["failures", { service: "payment-service", share: 0.5 }],
      ["outage", { service: "payment-service", down: true }],
      ["poison", { count: 3 }],
      ["duplicates", { count: 3 }],
    ] as const) {
      expect(await call("POST", `/api/demo/${path}`, body), path).toMatchObject({
        status: 404,
        body: { error: { code: "DEMO_NOT_RUNNING" } },
      });
    }
    expect(audits).toEqual([]);
  });

  it("pulls each lever and answers the state after it", async () => {
    const { demo } = await setup();
    expect((await call("POST", "/api/demo/rate", { ordersPerSecond: 200 })).body).toMatchObject({
      ordersPerSecond: 200,
    });
    const failures = (await call("POST", "/api/demo/failures", { service: "inventory-service", share: 0.25 })).body;
    expect(failures.services.find((s) => s.service === "inventory-service")?.failureShare).toBe(0.25);
    const outage = (await call("POST", "/api/demo/outage", { service: "notification-service", down: true })).body;
    expect(outage.services.find((s) => s.service === "notification-service")?.up).toBe(false);
    expect((await call("POST", "/api/demo/poison", { count: 4 })).body).toMatchObject({ poisonSent: 4 });
    expect((await call("POST", "/api/demo/duplicates", { count: 7 })).body).toMatchObject({
      duplicates: { pending: 7 },
    });
    expect(demo.calls).toEqual(["setRate", "setFailureShare", "setOutage", "sendPoison", "injectDuplicates"]);
  });

  it("refuses bodies outside the contract with 400 INVALID_BODY naming the field, without touching the demo or the audit", async () => {
    const { demo, audits } = await setup();
    const bad: Array<[string, unknown, string]> = [
      ["rate", { ordersPerSecond: 201 }, "ordersPerSecond"],
      ["rate", { ordersPerSecond: "10" }, "ordersPerSecond"],
      ["rate", undefined, "ordersPerSecond"],
      ["rate", { ordersPerSecond: 1, extra: true }, "extra"],
      ["failures", { service: "notification-service", share: 0.5 }, "service"],
      ["failures", { service: "payment-service", share: 1.5 }, "share"],
      ["outage", { service: "nobody", down: true }, "service"],
      ["outage", { service: "payment-service", down: "yes" }, "down"],
      ["poison", { count: 0 }, "count"],
      ["poison", { count: 2.5 }, "count"],
      ["duplicates", { count: 501 }, "count"],
      ["duplicates", [], ""],
    ];
    for (const [path, body, field] of bad) {
      const out = await call("POST", `/api/demo/${path}`, body);
      expect(out.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(out.body.error?.code).toBe("INVALID_BODY");
      expect(out.body.error?.issues?.map((i) => `${i.path}: ${i.message}`).join("; ")).toContain(field);
    }
    expect(demo.calls).toEqual([]);
    expect(audits).toEqual([]);
  });

  it("lets a viewer read the state but not pull a lever", async () => {
    const { demo, audits } = await setup(true, () => {}, "the operator token");
    expect((await call("GET", "/api/demo")).status).toBe(200);
    expect(await call("POST", "/api/demo/rate", { ordersPerSecond: 1 })).toMatchObject({
      status: 401,
      body: { error: { code: "UNAUTHENTICATED" } },
    });
    expect(
      (await call("POST", "/api/demo/rate", { ordersPerSecond: 1 }, { authorization: "Bearer the operator token" }))
        .status,
    ).toBe(200);
    expect(demo.calls).toEqual(["setRate"]);
    expect(audits.map((a) => a.actor)).toEqual(["ada (token)", "ada (token)"]);
  });

  it("audits a lever before it runs and with its outcome after", async () => {
    const { audits } = await setup();
    await call("POST", "/api/demo/outage", { service: "payment-service", down: true });
    expect(audits).toEqual([
      {
        actor: "ada (loopback, no login)",
        action: "demo.outage",
        target: "payment-service",
        result: "requested",
        detail: { service: "payment-service", down: true },
      },
      {
        actor: "ada (loopback, no login)",
        action: "demo.outage",
        target: "payment-service",
        result: "ok",
        detail: { service: "payment-service", down: true },
      },
    ]);
  });

  it("audits a lever that throws as failed and answers 503 LEVER_FAILED with the reason", async () => {
    const { audits, demo } = await setup();
    demo.failWith = new Error("broker unreachable");
    const out = await call("POST", "/api/demo/poison", { count: 3 });
    expect(out).toEqual({
      status: 503,
      body: { error: { code: "LEVER_FAILED", message: "broker unreachable", retriable: true } },
    });
    expect(audits.map((a) => [a.action, a.result])).toEqual([
      ["demo.poison", "requested"],
      ["demo.poison", "failed"],
    ]);
    expect(audits[1]!.detail).toEqual({ count: 3, error: "broker unreachable" });
  });

  it("does not pull the lever when the audit cannot record it first", async () => {
    const { demo } = await setup(true, (deps) => (deps.audit = () => Promise.reject(new Error("database down"))));
    expect(await call("POST", "/api/demo/rate", { ordersPerSecond: 1 })).toMatchObject({
      status: 500,
      body: { error: { code: "INTERNAL" } },
    });
    expect(demo.calls).toEqual([]);
  });

  // A write to a path the table does not hold needs admin (the edge's deny by default), so only reads are shown here.
  it("answers 405 for a lever read with GET and 404 for paths it does not have", async () => {
    const { demo } = await setup();
    expect(await call("GET", "/api/demo/rate")).toMatchObject({
      status: 405,
      body: { error: { code: "METHOD_NOT_ALLOWED" } },
    });
    expect(await call("GET", "/api/demo/rate/extra")).toMatchObject({
      status: 404,
      body: { error: { code: "NOT_FOUND" } },
    });
    expect((await call("GET", "/api/demo/toString")).status).toBe(404);
    expect(demo.calls).toEqual([]);
  });

  it("pulls a lever once per Idempotency-Key and caller: a repeat answers the first outcome and is audited refused", async () => {
    let t = 0;
    // The first pull waits until its repeat has arrived: the repeat meets it still running.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const { demo, audits } = await setup(true, (deps, demo) => {
      deps.pulled = leverMemory<LeverOutcome>(() => t, 60_000);
      const control: DemoControl = {
        ...demo.control,
        sendPoison: async (b) => (await held, demo.control.sendPoison(b)),
      };
      deps.demo = () => control;
    });
    const pull = (actor: string, key: string | undefined, path = "/api/demo/poison") =>
      call("POST", path, { count: 5 }, { "x-sagascope-operator": actor, ...(key ? { "idempotency-key": key } : {}) });
    const first = pull("ada", "k1");
    await vi.waitFor(() => expect(audits.map((e) => e.result)).toEqual(["requested"]));
    const again = pull("ada", "k1");
    await vi.waitFor(() => expect(audits.map((e) => e.result)).toEqual(["requested", "refused"]));
    release();
    const [a, b] = await Promise.all([first, again]);
    expect(a.status).toBe(200);
    expect(b).toEqual(a);
    expect(demo.calls.filter((c) => c.startsWith("sendPoison"))).toHaveLength(1);
    expect(audits.map((e) => e.result)).toEqual(["requested", "refused", "ok"]);
    expect(audits[1]!.detail).toMatchObject({ why: "REPEATED", idempotencyKey: "k1" });
    expect(audits[0]!.detail).toEqual({ count: 5, idempotencyKey: "k1" });
    // Another caller's key is theirs; no key means no memory; another lever under the same key is refused.
    await pull("bob", "k1");
    await pull("ada", undefined);
    expect(demo.calls.filter((c) => c.startsWith("sendPoison"))).toHaveLength(3);
    expect(await pull("ada", "k1", "/api/demo/duplicates")).toMatchObject({
      status: 409,
      body: { error: { code: "IDEMPOTENCY_KEY_REUSED" } },
    });
    // Keys are forgotten after their time.
    t = 61_000;
    await pull("ada", "k1");
    expect(demo.calls.filter((c) => c.startsWith("sendPoison"))).toHaveLength(4);
  });
});

describe("leverMemory", () => {
  it("keeps at most `max` keys, forgetting the oldest first", () => {
    const m = leverMemory<number>(() => 0, 60_000, 2);
    for (const k of ["a", "b", "c"]) m.remember(k, "rate", Promise.resolve(1));
    expect([m.recall("a"), m.recall("b")?.lever, m.recall("c")?.lever]).toEqual([undefined, "rate", "rate"]);
  });
});
