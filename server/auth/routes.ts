import type { Principal } from "./gate";

/*
 * What is left of the old `/api/auth` and `/api/admin` handler while the old
 * edge (server/http/routes.ts) still exists: its types, and the answer to a
 * path or method that no declaration in the route table matches (the table,
 * server/auth/api.ts, serves every real route). Goes with server/http/routes.ts.
 */

export interface AuthRequest {
  method: string;
  pathname: string;
  body: unknown;
  principal: Principal;
  /** The client's address, for login throttling. */
  address: string;
}

export interface AuthResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** An unknown account route: 404 under /api/admin, 405 under /api/auth (as the old handler answered). */
export function unmatchedAuth(pathname: string): AuthResponse | null {
  if (pathname.startsWith("/api/admin/")) return { status: 404, body: { error: { code: "NOT_FOUND" } } };
  if (pathname.startsWith("/api/auth/")) return { status: 405, body: { error: { code: "METHOD_NOT_ALLOWED" } } };
  return null;
}
