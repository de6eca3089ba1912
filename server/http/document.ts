import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { EdgeErrors, errorBodySchema, isRawAnswer, type AnyRoute as RouteDecl } from "../contract/route";

type Registry = OpenAPIHono["openAPIRegistry"];

const securityOf = (decl: RouteDecl): Array<Record<string, string[]>> =>
  decl.role === "public"
    ? []
    : decl.method === "get"
      ? [{ session: [] }, { apiToken: [] }]
      : [{ session: [], csrf: [] }, { apiToken: [] }];

const ACCESS_CODES = ["UNAUTHENTICATED", "INVALID_CREDENTIALS", "FORBIDDEN", "CROSS_ORIGIN", "CSRF_TOKEN"] as const;

/** Every code a route can answer with, grouped by status: its own, the edge's, and the access codes unless it is public. */
function errorsByStatus(decl: RouteDecl): Map<number, string[]> {
  const codes: Record<string, number> = {};
  if (decl.role !== "public" || decl.method !== "get") {
    for (const c of ACCESS_CODES) {
      // A public read never meets the access checks; a public write still meets the same-origin check.
      if (decl.role === "public" && c !== "CROSS_ORIGIN") continue;
      codes[c] = EdgeErrors[c];
    }
  }
  if (decl.method !== "get") {
    codes.BODY_TOO_LARGE = EdgeErrors.BODY_TOO_LARGE;
    codes.INVALID_BODY = EdgeErrors.INVALID_BODY;
  }
  for (const code of Object.values(decl.fieldErrors ?? {})) codes[code as string] = 400;
  if (decl.query || decl.params) codes.INVALID_QUERY = EdgeErrors.INVALID_QUERY;
  codes.INTERNAL = EdgeErrors.INTERNAL;
  Object.assign(codes, decl.errors);
  const by = new Map<number, string[]>();
  for (const [code, status] of Object.entries(codes)) by.set(status, [...(by.get(status) ?? []), code]);
  return by;
}

/**
 * Registers every declared route with zod-to-openapi (through Hono's
 * registry): parameters, bodies and answers from the same zod schemas the
 * server validates with and the browser parses with, and for each status the
 * error codes the route can answer with. So the document cannot drift.
 */
export function documentRoutes(registry: Registry, decls: readonly RouteDecl[]): void {
  registry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "sagascope_session",
    description: "Set by POST /api/auth/login",
  });
  registry.registerComponent("securitySchemes", "csrf", {
    type: "apiKey",
    in: "header",
    name: "x-csrf-token",
    description: "The session's csrfToken from GET /api/auth/session; required on writes with a session",
  });
  registry.registerComponent("securitySchemes", "apiToken", {
    type: "http",
    scheme: "bearer",
    description: "An API token (ssc_…) from /api/admin/tokens or `npm run user -- token`, or OPERATOR_TOKEN",
  });
  for (const decl of decls) {
    const responses: Record<string, unknown> = {};
    const status = String(decl.status ?? 200);
    responses[status] = isRawAnswer(decl.response)
      ? {
          description: decl.response.description,
          content: { [decl.response.raw]: { schema: { type: "string", format: "binary" } } },
        }
      : { description: "OK", content: { "application/json": { schema: decl.response } } };
    for (const [s, codes] of errorsByStatus(decl)) {
      responses[String(s)] = {
        description: codes.join(", "),
        content: {
          "application/json": {
            schema: errorBodySchema.extend({
              error: errorBodySchema.shape.error.extend({ code: z.enum(codes as [string, ...string[]]) }),
            }),
          },
        },
      };
    }
    const headers = decl.headers
      ? z.object(
          Object.fromEntries(
            Object.entries(decl.headers).map(([name, description]) => [
              name,
              z.string().optional().describe(description),
            ]),
          ),
        )
      : undefined;
    registry.registerPath({
      method: decl.method,
      path: decl.path,
      summary: decl.summary,
      ...(decl.description ? { description: decl.description } : {}),
      tags: [decl.tag],
      security: securityOf(decl),
      ...({ "x-sagascope-role": decl.role, ...(decl.bodyLimit ? { "x-body-limit": decl.bodyLimit } : {}) } as object),
      request: {
        ...(decl.params ? { params: decl.params as z.ZodObject } : {}),
        ...(decl.query ? { query: decl.query as z.ZodObject } : {}),
        ...(headers ? { headers } : {}),
        ...(decl.body ? { body: { content: { "application/json": { schema: decl.body } }, required: true } } : {}),
      },
      responses: responses as never,
    });
  }
}

export const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "Sagascope",
    version: "0.1.0",
    description:
      "Live dashboard for event-driven systems on Apache Kafka. Generated from the route table (server/contract/routes/). Once an account exists, every route but the public ones needs a session cookie or a bearer API token: viewer to read, operator for dead-letter actions and the demo's scenario controls, admin for /api/admin (each operation's `x-sagascope-role`). State-changing requests need a JSON body, a same-origin Origin (when sent) and, with a session, x-csrf-token. On loopback without accounts nothing needs a login.",
  },
  servers: [{ url: "/" }],
};
