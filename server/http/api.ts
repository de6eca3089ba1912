import type { IncomingHttpHeaders } from "node:http";
import type { HttpBindings } from "@hono/node-server";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { z } from "zod";
import { actorOf, decide, type Principal } from "../auth/gate";
import {
  DEFAULT_BODY_LIMIT,
  EdgeErrors,
  type ErrorCodeOf,
  honoPath,
  isRawAnswer,
  type ParamsOf,
  type ResponseOf,
  type RouteDecl,
  type AnyRoute,
} from "../contract/route";
import { documentRoutes } from "./document";

/** What a handler gets: the parsed request and who is asking (the role is already checked). */
export interface ApiRequest<D extends AnyRoute> {
  params: ParamsOf<D>;
  /** The query, parsed by the declared schema. */
  query: D extends RouteDecl<any, infer Q, any, any, any> ? z.output<Q> : never;
  /** The raw query, for handlers that word their own 400s. */
  search: URLSearchParams;
  body: D extends RouteDecl<any, any, infer B, any, any> ? z.output<B> : never;
  principal: Principal;
  /** How the audit log names the caller. */
  actor: string;
  headers: IncomingHttpHeaders;
  /** The client's address (TRUST_PROXY aware), for throttling. */
  address: string;
}

/** A coded error; its status comes from the route's declaration. */
export interface Failure<C extends string = string> {
  error: { code: C; message?: string; [detail: string]: unknown };
  /** Sent as response headers, not in the body (Retry-After on a throttled login). */
  headers?: Record<string, string>;
}
export interface Success<T> {
  body: T;
  status?: number;
  headers?: Record<string, string>;
}
export interface RawReply {
  raw: { contentType: string; data: Buffer | string; filename?: string };
  status?: number;
}
export type Reply<D extends AnyRoute> =
  | Success<ResponseOf<D>>
  | Failure<ErrorCodeOf<D>>
  | (D["response"] extends z.ZodType ? never : RawReply);

export const isFailure = (r: unknown): r is Failure =>
  typeof r === "object" && r !== null && "error" in r && !("body" in r);

/** A coded error answer: `return fail("NOT_FOUND", { message })`. */
export const fail = <C extends string>(
  code: C,
  detail: { message?: string; [k: string]: unknown } = {},
): Failure<C> => ({
  error: { code, ...detail },
});
export const ok = <T>(body: T, status?: number): Success<T> => (status === undefined ? { body } : { body, status });

/** A declaration with its handler: what a capability contributes to the API. */
export interface BoundRoute {
  decl: AnyRoute;
  handle: (req: ApiRequest<AnyRoute>) => Promise<unknown> | unknown;
}

/** Binds a handler to a declaration, typed by it. */
export function implement<D extends AnyRoute>(
  decl: D,
  handle: (req: ApiRequest<D>) => Promise<Reply<D>> | Reply<D>,
): BoundRoute {
  return { decl, handle: handle as BoundRoute["handle"] };
}

export interface EdgeDeps {
  /** Who is calling; without it every caller is the open loopback operator (unit tests). */
  identify?: (req: { method: string; headers: IncomingHttpHeaders; remoteAddress?: string }) => Promise<Principal>;
  /** Origins accepted besides the Host header's (PUBLIC_ORIGINS). */
  publicOrigins?: readonly string[];
  clientAddress?: (req: { headers: IncomingHttpHeaders; remoteAddress?: string }) => string;
  onError?: (err: unknown, url: string) => void;
}

const OPEN: Principal = { kind: "open", role: "operator", name: "anonymous" };

type Env = { Bindings: HttpBindings };

const JSON_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

const errorResponse = (status: number, code: string, detail: Record<string, unknown> = {}) =>
  json(status, { error: { code, ...detail } });

/**
 * The REST API from its route table: Hono routes the request, then for the
 * matched declaration the edge identifies the caller and applies its role
 * and the CSRF checks before a byte of the body is read, reads a JSON body up
 * to the route's limit, validates query and body with the declared schemas,
 * runs the handler and maps a coded failure to the status the declaration
 * gives it. Anything unmatched is refused as an unknown route is: viewer to
 * read, admin to write (deny by default), then 404 or 405.
 */
export function buildApi(routes: readonly BoundRoute[], deps: EdgeDeps = {}) {
  const app = new OpenAPIHono<Env>({ strict: false });
  const patterns = routes.map((r) => ({ method: r.decl.method.toUpperCase(), re: pathRegex(r.decl.path) }));

  // Under node-server the Node request is at hand; under app.request() (unit tests) only the fetch Request is.
  const facts = (c: Context<Env>) => ({
    method: c.req.method,
    headers: c.env?.incoming?.headers ?? (Object.fromEntries(c.req.raw.headers) as IncomingHttpHeaders),
    remoteAddress: c.env?.incoming?.socket.remoteAddress ?? "127.0.0.1",
  });
  const drain = (c: Context<Env>) => c.env?.incoming?.resume();

  for (const r of routes) {
    const { decl } = r;
    const errors: Record<string, number> = { ...EdgeErrors, ...decl.errors };
    app.on(decl.method.toUpperCase(), honoPath(decl.path), async (c) => {
      const f = facts(c);
      try {
        const principal = deps.identify ? await deps.identify(f) : OPEN;
        const allowed = decide(principal, decl.role, f, deps.publicOrigins);
        if (!allowed.ok) {
          drain(c); // the body is not read
          return errorResponse(allowed.status, allowed.code, allowed.message ? { message: allowed.message } : {});
        }
        const read =
          decl.method === "get"
            ? ({ ok: true, body: undefined } as const)
            : await readJson(c.req.raw, f.headers["content-type"], decl.bodyLimit ?? DEFAULT_BODY_LIMIT, () =>
                drain(c),
              );
        if (!read.ok) return read.res;
        const search = new URL(c.req.url).searchParams;
        const query = decl.query
          ? decl.query.safeParse(Object.fromEntries(search))
          : { success: true as const, data: {} };
        if (!query.success) return errorResponse(400, "INVALID_QUERY", { issues: issuesOf(query.error) });
        const params = decl.params
          ? decl.params.safeParse(c.req.param())
          : { success: true as const, data: c.req.param() };
        if (!params.success) return errorResponse(400, "INVALID_QUERY", { issues: issuesOf(params.error) });
        let body: unknown = read.body;
        if (decl.body) {
          const parsed = decl.body.safeParse(read.body ?? {});
          if (!parsed.success)
            return errorResponse(400, bodyErrorCode(decl, parsed.error), { issues: issuesOf(parsed.error) });
          body = parsed.data;
        }
        const reply = await r.handle({
          params: params.data as never,
          query: query.data as never,
          search,
          body: body as never,
          principal,
          actor: actorOf(principal),
          headers: f.headers,
          address: deps.clientAddress?.(f) ?? f.remoteAddress ?? "",
        });
        return toResponse(reply, decl, errors, deps, c.req.url);
      } catch (err) {
        deps.onError?.(err, c.req.url);
        return errorResponse(500, "INTERNAL");
      }
    });
  }

  app.notFound(async (c) => {
    const f = facts(c);
    const principal = deps.identify ? await deps.identify(f).catch(() => ({ kind: "invalid" }) as const) : OPEN;
    const read = c.req.method === "GET" || c.req.method === "HEAD";
    const allowed = decide(principal, read ? "viewer" : "admin", f, deps.publicOrigins);
    drain(c);
    if (!allowed.ok) return errorResponse(allowed.status, allowed.code);
    const path = new URL(c.req.url).pathname;
    const other = patterns.some((p) => p.re.test(path));
    return other ? errorResponse(405, "METHOD_NOT_ALLOWED") : errorResponse(404, "NOT_FOUND");
  });
  app.onError((err, c) => {
    deps.onError?.(err, c.req.url);
    return errorResponse(500, "INTERNAL");
  });

  documentRoutes(
    app.openAPIRegistry,
    routes.map((r) => r.decl),
  );
  return app;
}

function toResponse(
  reply: unknown,
  decl: RouteDecl,
  errors: Record<string, number>,
  deps: EdgeDeps,
  url: string,
): Response {
  if (isFailure(reply)) {
    const status = errors[reply.error.code];
    if (status === undefined) {
      // A code the declaration does not list is a bug: the client could not know it.
      deps.onError?.(
        new Error(`${decl.method.toUpperCase()} ${decl.path} answered undeclared code ${reply.error.code}`),
        url,
      );
      return errorResponse(500, "INTERNAL");
    }
    // Facts beside the error (what was recorded before it failed) stay in the body; `headers` go on the response.
    const { headers, ...body } = reply;
    return json(status, body, headers);
  }
  const r = reply as Partial<Success<unknown> & RawReply>;
  if (r.raw) {
    const data = typeof r.raw.data === "string" ? Buffer.from(r.raw.data) : r.raw.data;
    return new Response(new Uint8Array(data), {
      status: r.status ?? decl.status ?? 200,
      headers: {
        "content-type": r.raw.contentType,
        "content-length": String(data.length),
        ...(r.raw.filename ? { "content-disposition": `attachment; filename="${r.raw.filename}"` } : {}),
        "x-content-type-options": "nosniff",
        "cache-control": "no-store",
      },
    });
  }
  if (isRawAnswer(decl.response)) throw new Error(`${decl.path} declares a raw answer but answered JSON`);
  return json(r.status ?? decl.status ?? 200, r.body, r.headers);
}

function bodyErrorCode(decl: RouteDecl, error: z.ZodError): string {
  const fields = decl.fieldErrors as Record<string, string> | undefined;
  if (fields) {
    for (const i of error.issues) {
      const code = fields[String(i.path[0])];
      if (code) return code;
    }
  }
  return "INVALID_BODY";
}

const issuesOf = (e: z.ZodError) => e.issues.map((i) => ({ path: i.path.join("."), message: i.message }));

/** `{id}` matches one segment (ids are URL-encoded, so a `/` inside one is `%2F`). */
const pathRegex = (p: string) =>
  new RegExp(`^${p.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}/g, "[^/]+")}/?$`);

/**
 * Reads a JSON request body up to `limit` bytes (counting as it streams, so a huge body is refused unread). Only JSON is parsed; anything
 * else reaches the handler bodiless (a cross-site form post was already
 * refused by the same-origin check, so it is never a 400).
 */
async function readJson(
  req: Request,
  contentType: string | undefined,
  limit: number,
  drain: () => void,
): Promise<{ ok: true; body: unknown } | { ok: false; res: Response }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        void reader.cancel().catch(() => undefined);
        drain();
        return { ok: false, res: errorResponse(413, "BODY_TOO_LARGE", { limit }) };
      }
      chunks.push(value);
    }
  }
  if (size === 0 || !/^application\/json\b/i.test(contentType ?? "")) return { ok: true, body: undefined };
  try {
    return { ok: true, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown };
  } catch {
    return { ok: false, res: errorResponse(400, "INVALID_BODY", { message: "the body is not valid JSON" }) };
  }
}
