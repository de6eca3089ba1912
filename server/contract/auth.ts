/** The roles, weakest first (server/auth/roles.ts enforces them). */
export type RoleName = "viewer" | "operator" | "admin";

/**
 * GET /api/auth/session and POST /api/auth/login: who the browser is.
 * `open`: loopback without accounts, no login (every page says so).
 */
export interface SessionInfo {
  mode: "open" | "login";
  user: { username: string; role: RoleName; via: "session" | "token" | "operator-token" } | null;
  /** What the caller may do; null when signed out. */
  role: RoleName | null;
  /** Sent back in x-csrf-token on every POST, PATCH and DELETE of this session. */
  csrfToken: string | null;
}

export interface UserView {
  id: string;
  username: string;
  role: RoleName;
  disabled: boolean;
  createdAt: string;
}

export interface TokenView {
  id: string;
  name: string;
  username: string;
  role: RoleName;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** Error codes of the access checks and the account routes. */
export const AuthErrorCodes = ["UNAUTHENTICATED", "INVALID_CREDENTIALS", "FORBIDDEN", "CROSS_ORIGIN", "CSRF_TOKEN", "TOO_MANY_ATTEMPTS", "INVALID_USERNAME", "WEAK_PASSWORD", "USERNAME_TAKEN", "LAST_ADMIN", "INVALID_ROLE"] as const;
