import { describe, expect, it } from "vitest";
import type { DemoState } from "../contract";
import type { AuditInput } from "../audit/repo";
import { fakeDemoControl } from "./fake-control";
import { handleDemo, leverMemory, type DemoDeps } from "./routes";

function setup(running = true) {
  const demo = fakeDemoControl();
  const audits: AuditInput[] = [];
  const deps: DemoDeps = { demo: () => (running ? demo.control : null), audit: async (e) => void audits.push(e) };
  const call = (method: string, pathname: string, body?: unknown) => handleDemo({ method, pathname, body, actor: "ada (operator)" }, deps);
  return { demo, audits, call };
}

const codeOf = (out: Awaited<ReturnType<typeof handleDemo>>) => (out?.body as { error?: { code: string; message: string } }).error;

describe("handleDemo", () => {
  it("leaves other paths alone", async () => {
    const { call } = setup();
    expect(await call("GET", "/api/demos")).toBeNull();
    expect(await call("GET", "/api/dlq/messages")).toBeNull();
  });

  it("answers the demo's state", async () => {
    const { call } = setup();
    const out = await call("GET", "/api/demo");
    expect(out?.status).toBe(200);
    expect(out?.body).toMatchObject({ ordersPerSecond: 5, services: expect.any(Array) });
  });

  it("answers 404 DEMO_NOT_RUNNING for the state and every lever when no demo runs, and audits nothing", async () => {
    const { call, audits } = setup(false);
    expect(await call("GET", "/api/demo")).toMatchObject({ status: 404, body: { error: { code: "DEMO_NOT_RUNNING" } } });
    for (const [path, body] of [
      ["rate", { ordersPerSecond: 10 }],
      ["failures", { service: "payment-service", share: 0.5 }],
      ["outage", { service: "payment-service", down: true }],
      ["poison", { count: 3 }],
      ["duplicates", { count: 3 }],
    ] as const) {
      expect(await call("POST", `/api/demo/${path}`, body), path).toMatchObject({ status: 404, body: { error: { code: "DEMO_NOT_RUNNING" } } });
    }
    expect(audits).toEqual([]);
  });

  it("pulls each lever and answers the state after it", async () => {
    const { call, demo } = setup();
    expect((await call("POST", "/api/demo/rate", { ordersPerSecond: 200 }))?.body).toMatchObject({ ordersPerSecond: 200 });
    const failures = (await call("POST", "/api/demo/failures", { service: "inventory-service", share: 0.25 }))?.body as DemoState;
    expect(failures.services.find((s) => s.service === "inventory-service")?.failureShare).toBe(0.25);
    const outage = (await call("POST", "/api/demo/outage", { service: "notification-service", down: true }))?.body as DemoState;
    expect(outage.services.find((s) => s.service === "notification-service")?.up).toBe(false);
    expect((await call("POST", "/api/demo/poison", { count: 4 }))?.body).toMatchObject({ poisonSent: 4 });
    expect((await call("POST", "/api/demo/duplicates", { count: 7 }))?.body).toMatchObject({ duplicates: { pending: 7 } });
    expect(demo.calls).toEqual(["setRate", "setFailureShare", "setOutage", "sendPoison", "injectDuplicates"]);
  });

  it("refuses bodies outside the contract with 400 INVALID_BODY naming the field, without touching the demo or the audit", async () => {
    const { call, demo, audits } = setup();
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
      expect(out?.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      const err = codeOf(out)!;
      expect(err.code).toBe("INVALID_BODY");
      expect(err.message).toContain(field);
    }
    expect(demo.calls).toEqual([]);
    expect(audits).toEqual([]);
  });

  it("audits a lever before it runs and with its outcome after", async () => {
    const { call, audits } = setup();
    await call("POST", "/api/demo/outage", { service: "payment-service", down: true });
    expect(audits).toEqual([
      { actor: "ada (operator)", action: "demo.outage", target: "payment-service", result: "requested", detail: { service: "payment-service", down: true } },
      { actor: "ada (operator)", action: "demo.outage", target: "payment-service", result: "ok", detail: { service: "payment-service", down: true } },
    ]);
  });

  it("audits a lever that throws as failed and answers 503 LEVER_FAILED with the reason", async () => {
    const { call, audits, demo } = setup();
    demo.failWith = new Error("broker unreachable");
    const out = await call("POST", "/api/demo/poison", { count: 3 });
    expect(out).toEqual({ status: 503, body: { error: { code: "LEVER_FAILED", message: "broker unreachable", retriable: true } } });
    expect(audits.map((a) => [a.action, a.result])).toEqual([
      ["demo.poison", "requested"],
      ["demo.poison", "failed"],
    ]);
    expect(audits[1]!.detail).toEqual({ count: 3, error: "broker unreachable" });
  });

  it("does not pull the lever when the audit cannot record it first", async () => {
    const { demo } = setup();
    const deps: DemoDeps = { demo: () => demo.control, audit: () => Promise.reject(new Error("database down")) };
    await expect(handleDemo({ method: "POST", pathname: "/api/demo/rate", body: { ordersPerSecond: 1 }, actor: "a" }, deps)).rejects.toThrow("database down");
    expect(demo.calls).toEqual([]);
  });

  it("answers 404 NOT_FOUND for unknown demo paths and 405 for wrong methods", async () => {
    const { call, demo } = setup();
    expect(codeOf(await call("POST", "/api/demo/explode", {}))?.code).toBe("NOT_FOUND");
    expect((await call("GET", "/api/demo/rate/extra"))?.status).toBe(404);
    expect((await call("GET", "/api/demo/toString"))?.status).toBe(404);
    expect(await call("POST", "/api/demo", {})).toMatchObject({ status: 405, body: { error: { code: "METHOD_NOT_ALLOWED" } } });
    expect(await call("GET", "/api/demo/rate")).toMatchObject({ status: 405, body: { error: { code: "METHOD_NOT_ALLOWED" } } });
    expect((await call("DELETE", "/api/demo/outage"))?.status).toBe(405);
    expect(demo.calls).toEqual([]);
  });

  it("pulls a lever once per Idempotency-Key and actor: a repeat answers the first outcome and is audited refused", async () => {
    const demo = fakeDemoControl();
    const audits: AuditInput[] = [];
    let t = 0;
    const deps: DemoDeps = { demo: () => demo.control, audit: async (e) => void audits.push(e), pulled: leverMemory(() => t, 60_000) };
    const pull = (actor: string, idempotencyKey: string | undefined, pathname = "/api/demo/poison") => handleDemo({ method: "POST", pathname, body: { count: 5 }, actor, idempotencyKey }, deps);
    const [a, b] = await Promise.all([pull("ada", "k1"), pull("ada", "k1")]);
    expect(a).toEqual(b);
    expect(a?.status).toBe(200);
    expect(demo.calls.filter((c) => c.startsWith("sendPoison"))).toHaveLength(1);
    expect(audits.map((e) => e.result)).toEqual(["requested", "refused", "ok"]);
    expect(audits[1]!.detail).toMatchObject({ why: "REPEATED", idempotencyKey: "k1" });
    // Another actor's key is theirs; no key means no memory; another lever under the same key is refused.
    await pull("bob", "k1");
    await pull("ada", undefined);
    expect(demo.calls.filter((c) => c.startsWith("sendPoison"))).toHaveLength(3);
    expect(await pull("ada", "k1", "/api/demo/duplicates")).toMatchObject({ status: 409, body: { error: { code: "IDEMPOTENCY_KEY_REUSED" } } });
    // Keys are forgotten after their time.
    t = 61_000;
    await pull("ada", "k1");
    expect(demo.calls.filter((c) => c.startsWith("sendPoison"))).toHaveLength(4);
  });
});
