import { isIP } from "node:net";

/** Facts about an HTTP request that access checks read, free of Node's types. */
export interface RequestFacts {
  method: string;
  /** Lower-cased header names, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** The TCP peer's address (a proxy's, when there is one). */
  remoteAddress?: string;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function isLoopback(host: string): boolean {
  return (
    host === "localhost" || host === "::1" || host === "[::1]" || /^127\./.test(host) || /^::ffff:127\./i.test(host)
  );
}

/** The host name of a Host header value (`[::1]:3000` → `[::1]`, `a.b:80` → `a.b`). */
const hostName = (host: string) =>
  host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "");

/**
 * Whether a request comes from this machine, straight: a loopback peer, no
 * proxy headers (a proxy on this machine would forward the whole internet),
 * and a loopback Host — a page on another name resolved to 127.0.0.1 (DNS
 * rebinding) sends its own name. Only such requests get open mode.
 */
export function isLocalClient(req: RequestFacts): boolean {
  if (!req.remoteAddress || !isLoopback(req.remoteAddress)) return false;
  if (
    req.headers.forwarded !== undefined ||
    req.headers["x-forwarded-for"] !== undefined ||
    req.headers.via !== undefined
  )
    return false;
  const host = one(req.headers.host);
  return host !== undefined && isLoopback(hostName(host));
}

/**
 * The client's address for throttling: the TCP peer, or with a trusted proxy
 * in front (TRUST_PROXY=1) the address that proxy appended last to
 * X-Forwarded-For (earlier entries are whatever the client claimed). IPv6
 * addresses count per /64, since one host has many.
 */
export function clientAddress(req: Pick<RequestFacts, "headers" | "remoteAddress">, trustProxy: boolean): string {
  let addr = req.remoteAddress ?? "";
  if (trustProxy) {
    const xff = (one(req.headers["x-forwarded-for"]) ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (xff.length) addr = xff[xff.length - 1]!;
  }
  if (/^::ffff:/i.test(addr)) addr = addr.slice(7);
  if (isIP(addr) === 6) return `${addr.split(":").slice(0, 4).join(":")}::/64`;
  return addr;
}

/** Whether a browser's Origin is this server: the Host it asked for, or one of PUBLIC_ORIGINS. "null" and garbage are not. */
export function isOwnOrigin(origin: string, host: string | undefined, publicOrigins: readonly string[] = []): boolean {
  try {
    const u = new URL(origin);
    return (!!host && u.host === host) || publicOrigins.includes(u.origin);
  } catch {
    return false;
  }
}

export type OriginRefusal = { ok: false; status: 403; code: "CROSS_ORIGIN"; message: string };

/**
 * The origin half of the CSRF defence for state-changing requests (the
 * session's CSRF token is the other, server/auth/gate.ts): the body must be
 * declared JSON (a cross-site form cannot send that without a preflight,
 * which we never answer), a browser's Origin, when sent, must be this
 * server's host or one of `publicOrigins` (PUBLIC_ORIGINS, for a proxy that
 * rewrites Host), and a browser that says the request is cross-site is believed.
 */
export function checkSameOrigin(
  req: RequestFacts,
  publicOrigins: readonly string[] = [],
): { ok: true } | OriginRefusal {
  const type = one(req.headers["content-type"]) ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type))
    return {
      ok: false,
      status: 403,
      code: "CROSS_ORIGIN",
      message: "state-changing requests need content-type: application/json",
    };
  if (one(req.headers["sec-fetch-site"]) === "cross-site")
    return { ok: false, status: 403, code: "CROSS_ORIGIN", message: "cross-site requests are refused" };
  const origin = one(req.headers.origin);
  if (origin === undefined) return { ok: true }; // not a browser (curl, automation)
  if (isOwnOrigin(origin, one(req.headers.host), publicOrigins)) return { ok: true };
  return {
    ok: false,
    status: 403,
    code: "CROSS_ORIGIN",
    message: "the Origin is not this server (set PUBLIC_ORIGINS behind a proxy that rewrites Host)",
  };
}
