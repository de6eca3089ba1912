/** The roles, weakest first: each can do what the ones before it can. */
export const Roles = ["viewer", "operator", "admin"] as const;
export type Role = (typeof Roles)[number];

export const isRole = (v: unknown): v is Role => typeof v === "string" && (Roles as readonly string[]).includes(v);

/** True when `have` is at least `need`. */
export const atLeast = (have: Role, need: Role): boolean => Roles.indexOf(have) >= Roles.indexOf(need);

/** The weaker of two roles (a token never acts above its owner). */
export const weaker = (a: Role, b: Role): Role => (atLeast(a, b) ? b : a);

/** Who may call a route: anyone, any signed-in user, or a role and up. */
export type Requirement = "public" | "signed-in" | Role;

/**
 * The access policy for every HTTP route, in one place, decided before any
 * handler runs. Reads need viewer, operator actions need operator, account
 * administration needs admin; an unknown route needs viewer, so a route added
 * later is never open by accident.
 */
export function requiredRole(method: string, pathname: string): Requirement {
  if (pathname === "/healthz" || pathname === "/readyz") return "public";
  if (pathname === "/api/auth/session" && method === "GET") return "public";
  if (pathname === "/api/auth/login") return "public";
  if (pathname === "/api/auth/logout" || pathname === "/api/auth/password") return "signed-in";
  if (pathname === "/api/admin" || pathname.startsWith("/api/admin/")) return "admin";
  if (method === "GET" || method === "HEAD") return "viewer";
  if (pathname.startsWith("/api/dlq/")) return "operator";
  // The demo's scenario levers change only the demo's own traffic: an operator's call, like a retry.
  if (pathname === "/api/demo" || pathname.startsWith("/api/demo/")) return "operator";
  return "admin";
}

/** State-changing methods: these need the CSRF checks. */
export const isUnsafe = (method: string): boolean => method !== "GET" && method !== "HEAD" && method !== "OPTIONS";
