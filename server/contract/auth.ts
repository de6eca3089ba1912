import { z } from "zod";
import { Roles } from "../auth/roles";

/** The roles, weakest first (server/auth/roles.ts enforces them). */
export const roleNameSchema = z.enum(Roles);
export type RoleName = z.infer<typeof roleNameSchema>;

/**
 * GET /api/auth/session and POST /api/auth/login: who the browser is.
 * `open`: loopback without accounts, no login (every page says so).
 */
export const sessionInfoSchema = z.object({
  mode: z.enum(["open", "login"]),
  user: z
    .object({ username: z.string(), role: roleNameSchema, via: z.enum(["session", "token", "operator-token"]) })
    .nullable(),
  /** What the caller may do; null when signed out. */
  role: roleNameSchema.nullable(),
  /** Sent back in x-csrf-token on every POST, PATCH and DELETE of this session. */
  csrfToken: z.string().nullable(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

export const userViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: roleNameSchema,
  disabled: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type UserView = z.infer<typeof userViewSchema>;

export const tokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The owner's user name. */
  username: z.string(),
  role: roleNameSchema,
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type TokenView = z.infer<typeof tokenViewSchema>;
