import { describe, expect, it } from "vitest";
import type { RetryBody } from "../contract";
import { auditApi } from "../audit/api";
import { buildApi } from "../http/api";
import { OPENAPI_INFO } from "../http/document";
import { dlqApi, type DlqApiDeps } from "./api";
import { fail, ok, type Result } from "./errors";
import type { RedriveRequest } from "./redrive";
import type { RetryErrorCode } from "./service";

/** The edge alone: what each core result looks like on the wire. The cores are faked by their answers. */
function api(
  over: Partial<{
    retry: Result<unknown, RetryErrorCode>;
    cancel: Result<unknown, "NOT_FOUND" | "REDRIVE_NOT_RUNNING">;
  }> = {},
) {
  const calls: Array<{ id?: string; body: unknown; actor: string }> = [];
  const deps = {
    repo: {
      list: async () => ({
        rows: [],
        total: 0,
        groups: { originTopic: [], exceptionClass: [], message: [], status: [], topic: [] },
      }),
      get: async () => null,
    },
    service: {
      retry: async (id: string, body: RetryBody, actor: string) => (
        calls.push({ id, body, actor }),
        over.retry ?? ok({ replayId: "r", state: "published", partition: 1, offset: "9" })
      ),
      discard: async () => ok({ status: "discarded" as const }),
    },
    redriver: {
      start: async (body: RedriveRequest, actor: string) => (
        calls.push({ body, actor }), ok({ id: "d-1", total: 3, state: "running" as const })
      ),
      cancel: async () => over.cancel ?? ok({ id: "d-1", state: "cancelled" as const }),
      recent: async () => [],
      view: async () => null,
    },
  } as unknown as DlqApiDeps;
  const errors: unknown[] = [];
  const app = buildApi(dlqApi(deps), { onError: (err) => errors.push(err) });
  return { app, calls, errors };
}
const post = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json", host: "localhost" },
  body: JSON.stringify(body),
});
const retry = async (r: Result<unknown, RetryErrorCode>) => {
  const res = await api({ retry: r }).app.request("/api/dlq/messages/t%2F0%2F1/retry", post({ reason: "x" }));
  return { status: res.status, body: await res.json() };
};

describe("dead-letter routes: results on the wire", () => {
  it("answers a value with 200 and maps each code to its status and error body", async () => {
    expect(await retry(ok({ replayId: "r", state: "published", partition: 1, offset: "9" }))).toEqual({
      status: 200,
      body: { replayId: "r", state: "published", partition: 1, offset: "9" },
    });
    expect(await retry(fail("NOT_FOUND"))).toEqual({ status: 404, body: { error: { code: "NOT_FOUND" } } });
    expect(await retry(fail("RETRY_IN_PROGRESS"))).toEqual({
      status: 409,
      body: { error: { code: "RETRY_IN_PROGRESS" } },
    });
    expect(await retry(fail("MASKED", { message: "masked" }))).toEqual({
      status: 409,
      body: { error: { code: "MASKED", message: "masked" } },
    });
    expect(await retry(fail("NO_TARGET_TOPIC", { message: "choose one" }))).toEqual({
      status: 400,
      body: { error: { code: "NO_TARGET_TOPIC", message: "choose one" } },
    });
    expect(await retry(fail("SHUTTING_DOWN"))).toEqual({ status: 503, body: { error: { code: "SHUTTING_DOWN" } } });
    expect(
      await retry(fail("PUBLISH_FAILED", { message: "ECONNREFUSED", outcome: { replayId: "r", state: "failed" } })),
    ).toEqual({
      status: 502,
      body: { replayId: "r", state: "failed", error: { code: "PUBLISH_FAILED", message: "ECONNREFUSED" } },
    });
  });

  it("hands the core the decoded id, the parsed body and the caller's audit name (the open loopback operator here)", async () => {
    const { app, calls } = api();
    expect(
      (await app.request("/api/dlq/messages/orders.DLT%2F0%2F41/retry", post({ reason: " fixed ", force: true })))
        .status,
    ).toBe(200);
    expect(calls).toEqual([
      { id: "orders.DLT/0/41", body: { reason: "fixed", force: true }, actor: "anonymous (loopback, no login)" },
    ]);
  });

  it("refuses an action without a reason with REASON_REQUIRED, before the core runs", async () => {
    const { app, calls } = api();
    for (const path of [
      "/api/dlq/messages/t%2F0%2F1/retry",
      "/api/dlq/messages/t%2F0%2F1/discard",
      "/api/dlq/redrives",
    ]) {
      const res = await app.request(path, post(path.endsWith("redrives") ? { dltTopic: "t", reason: "  " } : {}));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("REASON_REQUIRED");
    }
    expect(calls).toEqual([]);
  });

  it("answers a started redrive with 202 and its defaults filled in", async () => {
    const { app, calls } = api();
    const res = await app.request("/api/dlq/redrives", post({ dltTopic: "orders.DLT", reason: "consumer fixed" }));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ id: "d-1", total: 3, state: "running" });
    expect(calls[0]!.body).toEqual({ dltTopic: "orders.DLT", filter: {}, ratePerSec: 50, reason: "consumer fixed" });
  });

  it("puts a failure's details beside its code", async () => {
    const { app, errors } = api({ cancel: fail("REDRIVE_NOT_RUNNING", { details: { state: "completed" } }) });
    const res = await app.request("/api/dlq/redrives/x", {
      method: "DELETE",
      headers: { "content-type": "application/json", host: "localhost" },
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: { code: "REDRIVE_NOT_RUNNING", state: "completed" } });
    expect(errors).toEqual([]);
  });

  it("refuses an unknown status filter with the allowed ones, and a missing record with 404", async () => {
    const { app } = api();
    const bad = await app.request("/api/dlq/messages?status=lost");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: { code: "INVALID_STATUS", allowed: ["new", "retrying", "published", "failed", "discarded"] },
    });
    expect((await app.request("/api/dlq/messages?status=new")).status).toBe(200);
    for (const path of ["/api/dlq/messages/t%2F0%2F9", "/api/dlq/messages/t%2F0%2F9/value", "/api/dlq/redrives/nope"])
      expect((await app.request(path)).status).toBe(404);
  });

  it("documents every dead-letter and audit route with its codes by status", () => {
    const routes = [...dlqApi({} as DlqApiDeps), ...auditApi({ log: { listAudit: async () => [] } })];
    const doc = buildApi(routes).getOpenAPI31Document(OPENAPI_INFO as never) as unknown as {
      paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
    };
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/api/audit",
      "/api/dlq/messages",
      "/api/dlq/messages/{id}",
      "/api/dlq/messages/{id}/discard",
      "/api/dlq/messages/{id}/retry",
      "/api/dlq/messages/{id}/value",
      "/api/dlq/redrives",
      "/api/dlq/redrives/{id}",
    ]);
    const retry = doc.paths["/api/dlq/messages/{id}/retry"]!.post!.responses;
    expect(retry["409"]!.description.split(", ")).toEqual(
      expect.arrayContaining(["RETRY_IN_PROGRESS", "ALREADY_PUBLISHED", "DISCARDED", "CONFLICT", "MASKED"]),
    );
    expect(retry["400"]!.description.split(", ")).toEqual(
      expect.arrayContaining(["REASON_REQUIRED", "NO_TARGET_TOPIC", "INVALID_JSON_VALUE", "INVALID_BODY"]),
    );
    expect(retry["502"]!.description).toBe("PUBLISH_FAILED");
    expect(retry["503"]!.description).toBe("SHUTTING_DOWN");
    expect(Object.keys(doc.paths["/api/dlq/redrives"]!.post!.responses)).toContain("202");
    expect(doc.paths["/api/dlq/messages"]!.get!.responses["400"]!.description.split(", ")).toContain("INVALID_STATUS");
  });
});
