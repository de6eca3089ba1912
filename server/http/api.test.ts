import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Principal } from "../auth/gate";
import { route } from "../contract/route";
import { buildApi, fail, implement, ok } from "./api";

const thing = route({
  method: "get",
  path: "/api/things/{id}",
  role: "viewer",
  tag: "test",
  summary: "a thing",
  params: z.object({ id: z.string() }),
  query: z.object({ n: z.string().optional() }),
  response: z.object({ id: z.string(), n: z.string().nullable() }),
  errors: { NOT_FOUND: 404 },
});
const act = route({
  method: "post",
  path: "/api/things/{id}/act",
  role: "operator",
  tag: "test",
  summary: "act on a thing",
  params: z.object({ id: z.string() }),
  body: z.object({ reason: z.string().min(1), n: z.number().int() }),
  bodyLimit: 100,
  response: z.object({ done: z.boolean() }),
  errors: { BUSY: 409, REASON_REQUIRED: 400 },
  fieldErrors: { reason: "REASON_REQUIRED" },
});
const download = route({
  method: "get",
  path: "/api/things/{id}/raw",
  role: "viewer",
  tag: "test",
  summary: "bytes",
  params: z.object({ id: z.string() }),
  response: { raw: "application/octet-stream", description: "bytes" },
  errors: {},
});

function app(principal: Principal, seen: string[] = []) {
  return buildApi(
    [
      implement(thing, ({ params, query }) =>
        params.id === "missing" ? fail("NOT_FOUND") : ok({ id: params.id, n: query.n ?? null }),
      ),
      implement(act, ({ params, body, actor }) => {
        seen.push(`${actor}:${params.id}:${body.reason}`);
        return params.id === "busy"
          ? fail("BUSY", { message: "later" })
          : params.id === "odd"
            ? (fail("UNDECLARED" as "BUSY") as never)
            : ok({ done: true });
      }),
      implement(download, () => ({
        raw: { contentType: "application/octet-stream", data: Buffer.from([1, 2, 3]), filename: "x.bin" },
      })),
    ],
    { identify: async () => principal, onError: () => undefined },
  );
}
const operator: Principal = { kind: "open", role: "operator", name: "op" };
const viewer: Principal = { kind: "open", role: "viewer", name: "v" };
const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", host: "localhost", ...headers },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

describe("the route table's HTTP edge", () => {
  it("decodes path parameters (an encoded slash stays inside the id) and parses the query", async () => {
    const res = await app(viewer).request("/api/things/a%2F0%2F12?n=3");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: "a/0/12", n: "3" });
  });

  it("maps a coded failure to the status its declaration gives", async () => {
    const res = await app(viewer).request("/api/things/missing");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "NOT_FOUND" } });
    const busy = await app(operator).request("/api/things/busy/act", post({ reason: "r", n: 1 }));
    expect(busy.status).toBe(409);
    expect(await busy.json()).toEqual({ error: { code: "BUSY", message: "later" } });
  });

  it("answers an undeclared code with 500 INTERNAL rather than guessing a status", async () => {
    const res = await app(operator).request("/api/things/odd/act", post({ reason: "r", n: 1 }));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: "INTERNAL" } });
  });

  it("checks the role before the body is read: the handler never runs and the body stream is never pulled", async () => {
    const seen: string[] = [];
    let pulled = false;
    const body = new ReadableStream(
      {
        pull() {
          pulled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const res = await app(viewer, seen).request("/api/things/x/act", {
      method: "POST",
      headers: { "content-type": "application/json", host: "localhost" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(401); // open mode short of a role: a credential would help
    expect(await res.json()).toEqual({ error: { code: "UNAUTHENTICATED" } });
    expect(seen).toEqual([]);
    expect(pulled).toBe(false);
  });

  it("refuses a cross-origin write before anything else", async () => {
    const res = await app(operator).request(
      "/api/things/x/act",
      post({ reason: "r", n: 1 }, { origin: "https://evil.example" }),
    );
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("CROSS_ORIGIN");
  });

  it("validates the body: a field with a code of its own, otherwise INVALID_BODY; a body over the limit is 413", async () => {
    const noReason = await app(operator).request("/api/things/x/act", post({ n: 1 }));
    expect(noReason.status).toBe(400);
    expect(((await noReason.json()) as { error: { code: string } }).error.code).toBe("REASON_REQUIRED");
    const badN = await app(operator).request("/api/things/x/act", post({ reason: "r", n: 1.5 }));
    expect(((await badN.json()) as { error: { code: string; issues: unknown[] } }).error).toMatchObject({
      code: "INVALID_BODY",
      issues: [{ path: "n" }],
    });
    const notJson = await app(operator).request("/api/things/x/act", post("{nope"));
    expect(notJson.status).toBe(400);
    const huge = await app(operator).request("/api/things/x/act", post({ reason: "r".repeat(200), n: 1 }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ error: { code: "BODY_TOO_LARGE", limit: 100 } });
  });

  it("runs the handler with the caller's audit name", async () => {
    const seen: string[] = [];
    const res = await app(operator, seen).request("/api/things/x/act", post({ reason: "because", n: 1 }));
    expect(res.status).toBe(200);
    expect(seen).toEqual(["op (loopback, no login):x:because"]);
  });

  it("sends raw answers as downloads", async () => {
    const res = await app(viewer).request("/api/things/x/raw");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="x.bin"');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("denies by default: an unknown route needs viewer to read and admin to write, then is 404 or 405", async () => {
    const anonymous: Principal = { kind: "anonymous" };
    expect((await app(anonymous).request("/api/nothing")).status).toBe(401);
    expect((await app(viewer).request("/api/nothing")).status).toBe(404);
    expect((await app(operator).request("/api/nothing", post({}))).status).toBe(401);
    const wrongMethod = await app({ kind: "open", role: "admin", name: "a" }).request("/api/things/x", post({}));
    expect(wrongMethod.status).toBe(405);
  });

  it("documents every route with its parameters, body, answer and error codes", async () => {
    const doc = app(viewer).getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
    const op = doc.paths?.["/api/things/{id}/act"]?.post;
    expect(op?.parameters?.map((p) => ("name" in p ? p.name : ""))).toEqual(["id"]);
    expect(Object.keys(op?.responses ?? {}).sort()).toEqual(["200", "400", "401", "403", "409", "413", "500"]);
    const codes400 = JSON.stringify(op?.responses?.["400"]);
    expect(codes400).toContain("REASON_REQUIRED");
    expect(codes400).toContain("INVALID_BODY");
    expect(doc.paths?.["/api/things/{id}"]?.get?.parameters?.map((p) => ("name" in p ? p.name : ""))).toEqual([
      "id",
      "n",
    ]);
  });
});
