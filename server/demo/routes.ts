/**
 * What the old handler (server/http/routes.ts) still imports while the route
 * table takes over: the demo's routes are served by server/demo/api.ts. Goes
 * when that file does.
 */

export interface DemoRequest {
  method: string;
  pathname: string;
  body: unknown;
  actor: string;
  idempotencyKey?: string;
}

/** The paths under /api/demo (the old edge reads their bodies with the small limit). */
export const isDemoPath = (pathname: string): boolean => pathname === "/api/demo" || pathname.startsWith("/api/demo/");
