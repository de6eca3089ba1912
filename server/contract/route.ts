import { z } from "zod";
import type { Requirement } from "../auth/roles";

/**
 * A REST route declared once: method, path, who may call it, what it takes
 * and what it answers, and the error codes it can answer with (each with its
 * HTTP status — the only place a code meets a status). The server binds a
 * handler to it (server/http/api.ts), the OpenAPI document is generated from
 * it and the browser's client (app/_api/client.ts) is typed and checked by it.
 * Pure data and zod schemas: safe to import in the browser.
 */
export interface RouteDecl<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends Answer = Answer,
  E extends ErrorTable = ErrorTable,
> {
  method: Method;
  /** OpenAPI style: `/api/dlq/messages/{id}`. */
  path: string;
  role: Requirement;
  summary: string;
  description?: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Largest body accepted, bytes (default DEFAULT_BODY_LIMIT). */
  bodyLimit?: number;
  /** The success answer: a JSON schema, or raw bytes (downloads, /metrics). */
  response: R;
  /** 200 unless said (202 for a started job). */
  status?: 200 | 201 | 202;
  /** Codes this route's handler answers with, and their status. Access and body errors are added for every route. */
  errors: E;
  /** Body fields whose absence or invalidity has a code of its own (e.g. `reason` → REASON_REQUIRED); otherwise INVALID_BODY. */
  fieldErrors?: Readonly<Record<string, keyof E & string>>;
  /** Headers the route reads (documented). */
  headers?: Record<string, string>;
}

export type Method = "get" | "post" | "put" | "patch" | "delete";
export type ErrorTable = Readonly<Record<string, ErrorStatus>>;
export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 422 | 429 | 500 | 502 | 503;

// biome-ignore lint/suspicious/noExplicitAny: any route, whatever its schemas
export type AnyRoute = RouteDecl<any, any, any, any, any>;

/** A download or text answer instead of JSON. */
export interface RawAnswer {
  raw: string;
  description: string;
}
export type Answer = z.ZodType | RawAnswer;

export const isRawAnswer = (a: Answer): a is RawAnswer => typeof (a as RawAnswer).raw === "string";

/** Largest request body accepted by default: an edited 10 MB value plus JSON escaping. */
export const DEFAULT_BODY_LIMIT = 24 * 1024 * 1024;
/** Account routes and the demo's levers take small bodies: anyone may post to the login, so it must not read megabytes. */
export const SMALL_BODY_LIMIT = 16 * 1024;

/** Codes the HTTP edge itself answers with, before or around any handler. */
export const EdgeErrors = {
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CROSS_ORIGIN: 403,
  CSRF_TOKEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  BODY_TOO_LARGE: 413,
  INVALID_BODY: 400,
  INVALID_QUERY: 400,
  INTERNAL: 500,
} as const satisfies ErrorTable;
export type EdgeErrorCode = keyof typeof EdgeErrors;

/** Declares a route; the identity function keeps the literal types for the handler and the client. */
export function route<
  P extends z.ZodType = z.ZodObject<{}>,
  Q extends z.ZodType = z.ZodObject<{}>,
  B extends z.ZodType = z.ZodUndefined,
  R extends Answer = Answer,
  const E extends ErrorTable = {},
>(decl: RouteDecl<P, Q, B, R, E>): RouteDecl<P, Q, B, R, E> {
  return decl;
}

export type ParamsOf<D> = D extends RouteDecl<infer P, any, any, any, any> ? z.output<P> : never;
export type QueryOf<D> = D extends RouteDecl<any, infer Q, any, any, any> ? z.input<Q> : never;
export type BodyOf<D> = D extends RouteDecl<any, any, infer B, any, any> ? z.input<B> : never;
export type ResponseOf<D> =
  D extends RouteDecl<any, any, any, infer R, any> ? (R extends z.ZodType ? z.output<R> : Blob) : never;
/** Every code a route can answer with: its own and the edge's. */
export type ErrorCodeOf<D> =
  D extends RouteDecl<any, any, any, any, infer E> ? (keyof E & string) | EdgeErrorCode : never;

/** The error body every route answers with: a code, never free text alone. */
export const errorBodySchema = z.object({
  error: z.looseObject({ code: z.string(), message: z.string().optional() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** `{a}` → `:a` (Hono's path syntax). */
export const honoPath = (p: string): string => p.replace(/\{([^}]+)\}/g, ":$1");

/** Fills `{name}` placeholders, URL-encoding each value. */
export function fillPath(p: string, params: Record<string, string | number> | undefined): string {
  return p.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined) throw new Error(`path parameter ${name} missing for ${p}`);
    return encodeURIComponent(String(v));
  });
}
