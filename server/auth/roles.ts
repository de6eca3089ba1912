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

/** State-changing methods: these need the CSRF checks. */
export const isUnsafe = (method: string): boolean => method !== "GET" && method !== "HEAD" && method !== "OPTIONS";
