/** Facts about an HTTP request that access checks read, free of Node's types. */
export interface RequestFacts {
  method: string;
  /** Lower-cased header names, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\./.test(host);
}

/**
 * The origin half of the CSRF defence for state-changing requests (the
 * session's CSRF token is the other, server/auth/gate.ts): the body must be
 * JSON (a cross-site form cannot send that without a preflight, which we never
 * answer), a browser's Origin, when sent, must be this server's host, and a
 * browser that says the request is cross-site is believed.
 */
export function checkSameOrigin(req: RequestFacts): { ok: true } | { ok: false; status: 403; code: "CROSS_ORIGIN" } {
  const type = one(req.headers["content-type"]) ?? "";
  if (!/^application\/json\b/i.test(type)) return { ok: false, status: 403, code: "CROSS_ORIGIN" };
  if (one(req.headers["sec-fetch-site"]) === "cross-site") return { ok: false, status: 403, code: "CROSS_ORIGIN" };
  const origin = one(req.headers.origin);
  if (origin === undefined) return { ok: true }; // not a browser (curl, automation)
  const host = one(req.headers.host);
  try {
    if (host && new URL(origin).host === host) return { ok: true };
  } catch {
    // "null" or garbage: refused below
  }
  return { ok: false, status: 403, code: "CROSS_ORIGIN" };
}
