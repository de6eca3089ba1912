/** The session cookie's name. `__Host-` would need Secure, which plain-HTTP loopback lacks. */
export const SESSION_COOKIE = "sagascope_session";

/** Cookie values from a Cookie header; malformed pairs are skipped. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      if (!out.has(name)) out.set(name, decodeURIComponent(value));
    } catch {
      // not percent-encoded properly: not ours
    }
  }
  return out;
}

/**
 * The session cookie: httpOnly (scripts cannot read it), SameSite=Strict
 * (never sent on cross-site requests), Secure when the dashboard is served
 * over HTTPS. maxAgeSec 0 deletes it.
 */
export function sessionCookie(value: string, opts: { maxAgeSec: number; secure: boolean }): string {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Strict",
    `Max-Age=${Math.max(0, Math.floor(opts.maxAgeSec))}`,
    ...(opts.secure ? ["Secure"] : []),
  ].join("; ");
}
