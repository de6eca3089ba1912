import { describe, expect, it } from "vitest";
import type { SessionPrincipal, TokenPrincipal } from "./accounts";
import { SESSION_COOKIE } from "./cookies";
import { actorOf, decide, identify, whoAmI, type IdentifyDeps, type Principal } from "./gate";

const session: SessionPrincipal = {
  kind: "session",
  sessionId: "sid",
  userId: "u1",
  username: "ana",
  role: "operator",
  csrfToken: "csrf-123",
};
const token: TokenPrincipal = {
  kind: "token",
  tokenId: "t1",
  tokenName: "ci",
  userId: "u2",
  username: "bot",
  role: "viewer",
};

const deps = (over: Partial<IdentifyDeps> = {}): IdentifyDeps => ({
  loginRequired: async () => true,
  session: async (s) => (s === "good-secret" ? session : null),
  token: async (t) => (t === "ssc_good" ? token : null),
  operatorToken: null,
  loopback: true,
  ...over,
});
const local = { host: "127.0.0.1:3000" };
const get = (headers: Record<string, string> = {}, remoteAddress = "127.0.0.1") => ({
  method: "GET",
  headers: { ...local, ...headers },
  remoteAddress,
});
const post = (headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", host: "127.0.0.1:3000", ...headers },
});

describe("identify", () => {
  it("finds the session from its cookie, or an API token from the bearer header", async () => {
    expect(await identify(get({ cookie: `${SESSION_COOKIE}=good-secret` }), deps())).toBe(session);
    expect(
      await identify(get({ authorization: "Bearer ssc_good", cookie: `${SESSION_COOKIE}=good-secret` }), deps()),
    ).toBe(token);
  });

  it("never downgrades a wrong credential to open or anonymous", async () => {
    expect(
      await identify(get({ authorization: "Bearer ssc_bad" }), deps({ loginRequired: async () => false })),
    ).toEqual({ kind: "invalid" });
  });

  it("is open on loopback without accounts, anonymous otherwise", async () => {
    expect(await identify(get({ "x-sagascope-operator": "ana" }), deps({ loginRequired: async () => false }))).toEqual({
      kind: "open",
      role: "operator",
      name: "ana",
    });
    expect(
      await identify(get(), deps({ loginRequired: async () => false, operatorToken: "x".repeat(20) })),
    ).toMatchObject({ kind: "open", role: "viewer" });
    expect(await identify(get(), deps({ loginRequired: async () => false, loopback: false }))).toEqual({
      kind: "anonymous",
    });
    expect(await identify(get({}, "::ffff:127.0.0.1"), deps({ loginRequired: async () => false }))).toMatchObject({
      kind: "open",
    });
  });

  it("grants open mode only to a straight local client: not through a proxy, not to another machine, not to a rebound host name", async () => {
    const noAccounts = deps({ loginRequired: async () => false });
    expect(await identify(get({}, "10.0.0.7"), noAccounts)).toEqual({ kind: "anonymous" });
    expect(await identify(get({ "x-forwarded-for": "203.0.113.9" }), noAccounts)).toEqual({ kind: "anonymous" });
    expect(await identify(get({ forwarded: "for=203.0.113.9" }), noAccounts)).toEqual({ kind: "anonymous" });
    expect(await identify(get({ via: "1.1 nginx" }), noAccounts)).toEqual({ kind: "anonymous" });
    // DNS rebinding: a page on attacker.example resolved to 127.0.0.1 sends its own Host.
    expect(await identify(get({ host: "attacker.example:3000" }), noAccounts)).toEqual({ kind: "anonymous" });
    expect(await identify(get({ host: "localhost:3000" }), noAccounts)).toMatchObject({ kind: "open" });
    expect(await identify(get({ host: "[::1]:3000" }, "::1"), noAccounts)).toMatchObject({ kind: "open" });
    expect(await identify(get({ cookie: `${SESSION_COOKIE}=stale` }), deps())).toEqual({ kind: "anonymous" });
  });

  it("accepts the shared OPERATOR_TOKEN as an operator", async () => {
    const t = "shared-operator-token-123";
    expect(
      await identify(get({ authorization: `Bearer ${t}`, "x-sagascope-operator": "bo" }), deps({ operatorToken: t })),
    ).toEqual({ kind: "operator-token", role: "operator", name: "bo" });
    expect(await identify(get({ authorization: `Bearer ${t}x` }), deps({ operatorToken: t }))).toEqual({
      kind: "invalid",
    });
  });
});

describe("decide", () => {
  const open: Principal = { kind: "open", role: "operator", name: "x" };
  it("lets anyone reach public routes, nobody unknown reach the rest", () => {
    expect(decide({ kind: "anonymous" }, "public", get())).toEqual({ ok: true });
    expect(decide({ kind: "anonymous" }, "viewer", get())).toEqual({ ok: false, status: 401, code: "UNAUTHENTICATED" });
    expect(decide({ kind: "invalid" }, "viewer", get())).toEqual({
      ok: false,
      status: 401,
      code: "INVALID_CREDENTIALS",
    });
  });

  it("enforces the role: 403 for a signed-in user short of it, 401 in open mode (a credential would help)", () => {
    expect(decide(token, "viewer", get())).toEqual({ ok: true });
    expect(decide(token, "operator", post())).toEqual({ ok: false, status: 403, code: "FORBIDDEN" });
    expect(decide(session, "admin", get())).toEqual({ ok: false, status: 403, code: "FORBIDDEN" });
    expect(decide({ ...open, role: "viewer" }, "operator", post())).toEqual({
      ok: false,
      status: 401,
      code: "UNAUTHENTICATED",
    });
    expect(decide(open, "operator", post())).toEqual({ ok: true });
    expect(decide(open, "signed-in", post())).toMatchObject({ status: 401 });
  });

  it("requires the session's CSRF token on writes, not on reads, and not for bearer tokens", () => {
    expect(decide(session, "operator", post())).toEqual({ ok: false, status: 403, code: "CSRF_TOKEN" });
    expect(decide(session, "operator", post({ "x-csrf-token": "csrf-12" }))).toMatchObject({ code: "CSRF_TOKEN" });
    expect(decide(session, "operator", post({ "x-csrf-token": "csrf-123" }))).toEqual({ ok: true });
    expect(decide(session, "viewer", get())).toEqual({ ok: true });
    expect(decide({ ...token, role: "operator" }, "operator", post())).toEqual({ ok: true });
  });

  it("refuses cross-origin writes before anything else, even to public routes", () => {
    expect(
      decide(session, "operator", post({ "x-csrf-token": "csrf-123", origin: "http://evil.example" })),
    ).toMatchObject({ ok: false, status: 403, code: "CROSS_ORIGIN" });
    // Behind a proxy that rewrites Host, the public origin is configured.
    expect(
      decide(session, "operator", post({ "x-csrf-token": "csrf-123", origin: "https://ops.example" }), [
        "https://ops.example",
      ]),
    ).toEqual({ ok: true });
    expect(decide({ kind: "anonymous" }, "public", post({ origin: "http://evil.example" }))).toMatchObject({
      code: "CROSS_ORIGIN",
    });
    expect(
      decide(open, "operator", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" } }),
    ).toMatchObject({ code: "CROSS_ORIGIN" });
  });
});

describe("actorOf / whoAmI", () => {
  it("names the actor for the audit and never exposes secrets", () => {
    expect(actorOf(session)).toBe("ana (operator)");
    expect(actorOf(token)).toBe('bot via token "ci" (viewer)');
    expect(actorOf({ kind: "open", role: "operator", name: "ana" })).toBe("ana (loopback, no login)");
    expect(JSON.stringify(whoAmI(session))).not.toContain("csrf-123");
    expect(whoAmI({ kind: "anonymous" })).toEqual({ mode: "login", user: null, role: null });
  });
});
