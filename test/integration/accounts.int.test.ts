import http from "node:http";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startSagascope, type Sagascope } from "../../server/app";
import { authRoutes, type DeadLetterList, type SessionInfo } from "../../server/contract";
import { dropFreshDatabases, freshUrl } from "../../server/store/test-db";
import { kcat, quietLog, suffix, testConfig, testKafka, waitFor } from "./helpers";

const brokers = inject("brokers");
const kafka = testKafka(brokers);
const PW = { root: "root password 0001", op: "operator password 01", view: "viewer password 001" };

/** A browser-like client: keeps the session cookie and sends the CSRF token it was given. */
class Client {
  cookie = "";
  csrf = "";
  constructor(private readonly app: Sagascope) {}
  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${this.app.url}${path}`, {
      method,
      redirect: "manual",
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(method !== "GET" ? { "content-type": "application/json", "x-csrf-token": this.csrf } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const set = res.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0]!;
    return {
      status: res.status,
      headers: res.headers,
      json: (await res.json().catch(() => null)) as Record<string, unknown> & { error?: { code: string } },
    };
  }
  async login(username: string, password: string) {
    const r = await this.call("POST", "/api/auth/login", { username, password });
    if (r.status === 200) this.csrf = (r.json as unknown as SessionInfo).csrfToken!;
    return r;
  }
}

describe("accounts, roles, sessions and CSRF against the real server", () => {
  const origin = `it-acc-${suffix()}`;
  const dlt = `${origin}.DLT`;
  let app: Sagascope;
  let root: Client;
  let deadLetterId = "";
  const offsetsOf = async (topic: string) => {
    const admin = kafka.admin();
    await admin.connect();
    const o = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    return o.reduce((n, p) => n + Number(p.high), 0);
  };

  beforeAll(async () => {
    // Its own database: accounts in the shared PostgreSQL test database would make every other suite need a login.
    const db: Record<string, string> = process.env.IT_DATABASE_URL
      ? { DATABASE_URL: await freshUrl("postgresql") }
      : {};
    app = await startSagascope(
      testConfig(brokers, { ...db, SAGASCOPE_ADMIN_USER: "root", SAGASCOPE_ADMIN_PASSWORD: PW.root }),
      quietLog(),
      { ui: false },
    );
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: origin }, { topic: dlt }], waitForLeaders: true });
    await admin.disconnect();
    root = new Client(app);
  });
  afterAll(async () => {
    await app?.close();
    await dropFreshDatabases();
  });

  it("needs a login for every read, page and socket once an account exists", async () => {
    const anon = new Client(app);
    expect((await anon.call("GET", "/api/topics")).json.error?.code).toBe("UNAUTHENTICATED");
    expect((await anon.call("GET", "/metrics")).status).toBe(401);
    expect((await anon.call("GET", "/healthz")).status).toBe(200);
    const page = await anon.call("GET", "/dlq?x=1");
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/login?next=%2Fdlq%3Fx%3D1");
    expect((await anon.call("GET", "/api/auth/session")).json as unknown as SessionInfo).toMatchObject({
      mode: "login",
      user: null,
      role: null,
    });
    const refused = await new Promise<string>((resolve) => {
      const s = io(app.url, { transports: ["websocket"], reconnection: false });
      s.on("connect", () => resolve("connected"));
      s.on("connect_error", (err: Error & { data?: { code?: string } }) => resolve(err.data?.code ?? err.message));
    });
    expect(refused).toBe("UNAUTHENTICATED");
  });

  it("signs in with a session cookie (httpOnly, SameSite=Strict) and refuses writes without the CSRF token", async () => {
    expect((await new Client(app).login("root", "wrong password 0000")).status).toBe(401);
    const ok = await root.login("root", PW.root);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("set-cookie")).toMatch(
      /^sagascope_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/,
    );
    expect(ok.json).toMatchObject({ user: { username: "root", role: "admin" } });
    const noCsrf = await root.call(
      "POST",
      "/api/admin/users",
      { username: "op", password: PW.op, role: "operator" },
      { "x-csrf-token": "" },
    );
    expect(noCsrf.json.error?.code).toBe("CSRF_TOKEN");
    const crossSite = await root.call(
      "POST",
      "/api/admin/users",
      { username: "op", password: PW.op, role: "operator" },
      { origin: "http://evil.example" },
    );
    expect(crossSite.json.error?.code).toBe("CROSS_ORIGIN");
    expect(
      (await root.call("POST", "/api/admin/users", { username: "op", password: PW.op, role: "operator" })).status,
    ).toBe(201);
    expect(
      (await root.call("POST", "/api/admin/users", { username: "view", password: PW.view, role: "viewer" })).status,
    ).toBe(201);
    expect(
      (await root.call("POST", "/api/admin/users", { username: "weak", password: "short", role: "viewer" })).json.error
        ?.code,
    ).toBe("WEAK_PASSWORD");
  });

  it("a viewer's retry is refused with 403 and nothing is published; an operator's is published once", async () => {
    await kcat(
      [
        "-b",
        brokers,
        "-P",
        "-t",
        dlt,
        "-k",
        "a-1",
        "-H",
        `kafka_dlt-original-topic=${origin}`,
        "-H",
        "kafka_dlt-exception-message=boom",
      ],
      '{"orderId":"a-1"}',
    );
    const viewer = new Client(app);
    await viewer.login("view", PW.view);
    const list = await waitFor("the dead letter captured", async () => {
      const l = (await viewer.call("GET", `/api/dlq/messages?topic=${encodeURIComponent(dlt)}`))
        .json as unknown as DeadLetterList;
      return l.total === 1 ? l : undefined;
    });
    deadLetterId = list.messages[0]!.id;
    const path = `/api/dlq/messages/${encodeURIComponent(deadLetterId)}/retry`;
    const refused = await viewer.call("POST", path, { reason: "viewer tries" });
    expect(refused.status).toBe(403);
    expect(refused.json.error?.code).toBe("FORBIDDEN");
    expect((await viewer.call("GET", "/api/admin/users")).status).toBe(403);
    expect(await offsetsOf(origin)).toBe(0);

    const op = new Client(app);
    await op.login("op", PW.op);
    expect((await op.call("POST", path, { reason: "fixed" })).status).toBe(200);
    expect((await op.call("POST", path, { reason: "double click" })).status).toBe(409);
    expect(await offsetsOf(origin)).toBe(1);
    const audit = (await op.call("GET", `/api/audit?deadLetterId=${encodeURIComponent(deadLetterId)}`))
      .json as unknown as { entries: Array<{ actor: string; action: string; result: string }> };
    expect(audit.entries.some((e) => e.actor === "op (operator)" && e.action === "retry" && e.result === "ok")).toBe(
      true,
    );
    const logins = (await root.call("GET", "/api/audit?action=login")).json as unknown as {
      entries: Array<{ actor: string; result: string }>;
    };
    expect(logins.entries.some((e) => e.actor === "root (unverified)" && e.result === "refused")).toBe(true);
  });

  it("API tokens act with their role, never above the owner's, until revoked", async () => {
    const users = (await root.call("GET", "/api/admin/users")).json as unknown as {
      users: Array<{ id: string; username: string }>;
    };
    // Never more than the owner: view is a viewer.
    expect(
      (await root.call("POST", "/api/admin/tokens", { username: "view", name: "too-strong", role: "operator" })).json
        .error?.code,
    ).toBe("INVALID_ROLE");
    const created = await root.call("POST", "/api/admin/tokens", { username: "op", name: "ci", role: "operator" });
    expect(created.status).toBe(201);
    const token = created.json.token as string;
    const bearer = { authorization: `Bearer ${token}` };
    const bot = new Client(app);
    expect((await bot.call("GET", "/api/topics", undefined, bearer)).status).toBe(200);
    // An operator token is not an admin, and needs no CSRF token (no cookie to forge).
    expect((await bot.call("GET", "/api/admin/users", undefined, bearer)).status).toBe(403);
    expect(
      (await bot.call("POST", "/api/dlq/redrives", { dltTopic: dlt, reason: "bot", ratePerSec: 10 }, bearer)).status,
    ).toBe(202);
    const listed = (await root.call("GET", "/api/admin/tokens")).json as unknown as {
      tokens: Array<{ id: string; name: string }>;
    };
    expect(JSON.stringify(listed)).not.toContain(token);
    const id = listed.tokens.find((t) => t.name === "ci")!.id;
    expect((await root.call("DELETE", `/api/admin/tokens/${id}`)).status).toBe(200);
    expect((await bot.call("GET", "/api/topics", undefined, bearer)).json.error?.code).toBe("INVALID_CREDENTIALS");
    expect(users.users.map((u) => u.username).sort()).toEqual(["op", "root", "view"]);
  });

  it("answers every account route as its declaration says (no field missing, none undeclared)", async () => {
    // z.object drops keys it does not declare, so equality also catches a field the schema leaves out.
    const asDeclared = (decl: { response: unknown }, json: unknown) =>
      expect((decl.response as { parse: (v: unknown) => unknown }).parse(json)).toEqual(json);
    asDeclared(authRoutes.session, (await new Client(app).call("GET", "/api/auth/session")).json);
    asDeclared(authRoutes.session, (await root.call("GET", "/api/auth/session")).json);
    const users = (await root.call("GET", "/api/admin/users")).json;
    expect((users.users as unknown[]).length).toBeGreaterThan(0);
    asDeclared(authRoutes.listUsers, users);
    const created = await root.call("POST", "/api/admin/tokens", {
      username: "view",
      name: "schema-check",
      role: "viewer",
      expiresInDays: 1,
    });
    asDeclared(authRoutes.createToken, created.json);
    const tokens = (await root.call("GET", "/api/admin/tokens")).json;
    expect((tokens.tokens as Array<{ expiresAt: string | null }>).some((t) => t.expiresAt !== null)).toBe(true);
    asDeclared(authRoutes.listTokens, tokens);
    const revoked = await root.call("DELETE", `/api/admin/tokens/${created.json.id as string}`);
    asDeclared(authRoutes.revokeToken, revoked.json);
    expect(revoked.json.revokedAt).not.toBeNull();
    const viewer = new Client(app);
    asDeclared(authRoutes.login, (await viewer.login("view", PW.view)).json);
    asDeclared(authRoutes.logout, (await viewer.call("POST", "/api/auth/logout", {})).json);
    // A wrong current password is 403 on this route (the caller is signed in), not the edge's 401.
    const op = new Client(app);
    await op.login("op", PW.op);
    const wrong = await op.call("POST", "/api/auth/password", {
      current: "not my password 01",
      next: "a new operator pw 01",
    });
    expect([wrong.status, wrong.json.error?.code]).toEqual([403, "INVALID_CREDENTIALS"]);
    // What no declaration matches is answered as before: 405 under /api/auth, 404 under /api/admin.
    expect((await root.call("GET", "/api/auth/login")).json.error?.code).toBe("METHOD_NOT_ALLOWED");
    expect((await root.call("GET", "/api/admin/nothing-here")).json.error?.code).toBe("NOT_FOUND");
  });

  it("a live socket of a session ends when its user is demoted; logout ends the session", async () => {
    const op = new Client(app);
    await op.login("op", PW.op);
    const s = io(app.url, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie: op.cookie } });
    await new Promise<void>((resolve, reject) => {
      s.on("connect", () => resolve());
      s.on("connect_error", reject);
    });
    const ended = new Promise<string>((resolve) => s.on("session:ended", (w: { code: string }) => resolve(w.code)));
    const opId = (
      (await root.call("GET", "/api/admin/users")).json as unknown as { users: Array<{ id: string; username: string }> }
    ).users.find((u) => u.username === "op")!.id;
    expect((await root.call("PATCH", `/api/admin/users/${opId}`, { role: "viewer" })).status).toBe(200);
    expect(await ended).toBe("SESSION_ENDED");
    expect((await op.call("GET", "/api/topics")).status).toBe(401);
    s.close();

    const rootId = (
      (await root.call("GET", "/api/admin/users")).json as unknown as { users: Array<{ id: string; username: string }> }
    ).users.find((u) => u.username === "root")!.id;
    expect((await root.call("PATCH", `/api/admin/users/${rootId}`, { role: "operator" })).json.error?.code).toBe(
      "LAST_ADMIN",
    );
    expect((await root.call("POST", "/api/auth/logout", {})).headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await root.call("GET", "/api/topics")).status).toBe(401);
  });

  it("throttles guessing: after five failures the right password is refused too, with Retry-After", async () => {
    const c = new Client(app);
    for (let i = 0; i < 5; i++) expect((await c.login("view", `guess number ${i}xx`)).status).toBe(401);
    const locked = await c.login("view", PW.view);
    expect(locked.status).toBe(429);
    expect(locked.json).toEqual({ error: { code: "TOO_MANY_ATTEMPTS", retryAfterSec: expect.any(Number) } });
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(800);
  });

  it("a parallel burst of guesses gets at most the limit verified; a huge login body is refused unread", async () => {
    const c = new Client(app);
    const codes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => c.login("op", `parallel guess ${i}`).then((r) => r.status)),
    );
    expect(codes.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(codes.filter((s) => s === 429).length).toBeGreaterThanOrEqual(25);
    const big = await c.call("POST", "/api/auth/login", { username: "x", password: "y".repeat(100_000) });
    expect(big.status).toBe(413);
  });

  it("treats requests through a proxy or under another host name as remote: no open mode", async () => {
    const db: Record<string, string> = process.env.IT_DATABASE_URL
      ? { DATABASE_URL: await freshUrl("postgresql") }
      : {};
    const open = await startSagascope(testConfig(brokers, db), quietLog(), { ui: false });
    try {
      expect((await fetch(`${open.url}/api/topics`)).status).toBe(200);
      expect((await fetch(`${open.url}/api/topics`, { headers: { "x-forwarded-for": "203.0.113.5" } })).status).toBe(
        401,
      );
      // fetch will not send another Host; node:http will (as a DNS-rebound page's request would).
      const rebound = await new Promise<number>((resolve, reject) => {
        http
          .get(
            `${open.url}/api/topics`,
            { headers: { host: "rebound.example:80" } },
            (res) => (res.resume(), resolve(res.statusCode ?? 0)),
          )
          .on("error", reject);
      });
      expect(rebound).toBe(401);
    } finally {
      await open.close();
    }
  });

  it("refuses to start beyond loopback while no account exists", async () => {
    const db: Record<string, string> = process.env.IT_DATABASE_URL
      ? { DATABASE_URL: await freshUrl("postgresql") }
      : {};
    await expect(
      startSagascope(testConfig(brokers, { ...db, HOST: "0.0.0.0" }), quietLog(), { ui: false }),
    ).rejects.toThrow(/HOST=0.0.0.0 is not loopback and no account exists/);
  });
});
