import { z } from "zod";
import { roleNameSchema, sessionInfoSchema, tokenViewSchema, userViewSchema } from "../auth";
import { route, SMALL_BODY_LIMIT } from "../route";

/**
 * Accounts and sessions: sign-in, sign-out and your own password
 * (/api/auth), users and API tokens (/api/admin). Anyone may post to the
 * login, so every one of these takes a small body only.
 */

const okSchema = z.object({ ok: z.literal(true) });
const idParams = z.object({ id: z.string() });
/** Throttled sign-in guesses: 429 with retryAfterSec in the body and a Retry-After header. */
const throttled = { TOO_MANY_ATTEMPTS: 429 } as const;

export const createdTokenSchema = tokenViewSchema.extend({
  /** The secret (ssc_…): in this answer only, never again. */
  token: z.string(),
});
export type CreatedToken = z.infer<typeof createdTokenSchema>;

export const authRoutes = {
  session: route({
    method: "get",
    path: "/api/auth/session",
    role: "public",
    tag: "auth",
    summary:
      "Who the caller is: mode (open: loopback without accounts; login), user, role and the session's CSRF token",
    bodyLimit: SMALL_BODY_LIMIT,
    response: sessionInfoSchema,
    errors: {},
  }),
  login: route({
    method: "post",
    path: "/api/auth/login",
    role: "public",
    tag: "auth",
    summary:
      "Sign in; sets the sagascope_session cookie (HttpOnly, SameSite=Strict). Throttled per user name and address: 429 TOO_MANY_ATTEMPTS with retryAfterSec and a Retry-After header",
    body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
    bodyLimit: SMALL_BODY_LIMIT,
    response: sessionInfoSchema,
    errors: { ...throttled, INVALID_CREDENTIALS: 401 },
  }),
  logout: route({
    method: "post",
    path: "/api/auth/logout",
    role: "signed-in",
    tag: "auth",
    summary: "End this session and clear the cookie",
    bodyLimit: SMALL_BODY_LIMIT,
    response: okSchema,
    errors: {},
  }),
  password: route({
    method: "post",
    path: "/api/auth/password",
    role: "signed-in",
    tag: "auth",
    summary:
      "Change your own password (a signed-in browser only); ends all your sessions and clears the cookie. Throttled like sign-in",
    body: z.object({ current: z.string().min(1).max(256), next: z.string().min(1).max(256) }),
    bodyLimit: SMALL_BODY_LIMIT,
    response: okSchema,
    // INVALID_CREDENTIALS is 403 here (a wrong current password), not the edge's 401 (a wrong credential).
    errors: { ...throttled, INVALID_CREDENTIALS: 403, FORBIDDEN: 403, WEAK_PASSWORD: 400, NOT_FOUND: 404 },
  }),
  listUsers: route({
    method: "get",
    path: "/api/admin/users",
    role: "admin",
    tag: "admin",
    summary: "Every user",
    bodyLimit: SMALL_BODY_LIMIT,
    response: z.object({ users: z.array(userViewSchema) }),
    errors: {},
  }),
  createUser: route({
    method: "post",
    path: "/api/admin/users",
    role: "admin",
    tag: "admin",
    summary: "Create a user",
    body: z.object({ username: z.string(), password: z.string(), role: roleNameSchema }),
    bodyLimit: SMALL_BODY_LIMIT,
    response: userViewSchema,
    status: 201,
    errors: { INVALID_USERNAME: 400, INVALID_ROLE: 400, WEAK_PASSWORD: 400, USERNAME_TAKEN: 409 },
  }),
  updateUser: route({
    method: "patch",
    path: "/api/admin/users/{id}",
    role: "admin",
    tag: "admin",
    summary:
      "Change a user's role, disable or enable them, or set their password; ends their sessions when access shrinks",
    params: idParams,
    body: z
      .object({ role: roleNameSchema.optional(), disabled: z.boolean().optional(), password: z.string().optional() })
      .refine((b) => b.role !== undefined || b.disabled !== undefined || b.password !== undefined, "nothing to change"),
    bodyLimit: SMALL_BODY_LIMIT,
    response: userViewSchema,
    errors: { NOT_FOUND: 404, INVALID_ROLE: 400, WEAK_PASSWORD: 400, LAST_ADMIN: 409, CONFLICT: 409 },
  }),
  deleteUser: route({
    method: "delete",
    path: "/api/admin/users/{id}",
    role: "admin",
    tag: "admin",
    summary: "Delete a user, their sessions and tokens",
    params: idParams,
    bodyLimit: SMALL_BODY_LIMIT,
    response: okSchema,
    errors: { NOT_FOUND: 404, LAST_ADMIN: 409, CONFLICT: 409 },
  }),
  listTokens: route({
    method: "get",
    path: "/api/admin/tokens",
    role: "admin",
    tag: "admin",
    summary: "Every API token, without secrets",
    bodyLimit: SMALL_BODY_LIMIT,
    response: z.object({ tokens: z.array(tokenViewSchema) }),
    errors: {},
  }),
  createToken: route({
    method: "post",
    path: "/api/admin/tokens",
    role: "admin",
    tag: "admin",
    summary: "Create an API token for a user, never above the owner's role; the token is in this answer only",
    body: z.object({
      username: z.string().min(1),
      name: z.string().min(1).max(100),
      role: roleNameSchema,
      expiresInDays: z.number().int().positive().max(3650).optional(),
    }),
    bodyLimit: SMALL_BODY_LIMIT,
    response: createdTokenSchema,
    status: 201,
    errors: { NOT_FOUND: 404, INVALID_ROLE: 400 },
  }),
  revokeToken: route({
    method: "delete",
    path: "/api/admin/tokens/{id}",
    role: "admin",
    tag: "admin",
    summary: "Revoke an API token (revoking it again answers the same)",
    params: idParams,
    bodyLimit: SMALL_BODY_LIMIT,
    response: tokenViewSchema,
    errors: { NOT_FOUND: 404 },
  }),
} as const;
