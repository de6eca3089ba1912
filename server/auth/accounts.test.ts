import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../store";
import { dropFreshDatabases, freshUrl, providers } from "../store/test-db";
import { createAccounts, type Accounts } from "./accounts";

afterAll(dropFreshDatabases);
const PW = "correct horse battery";

describe.each(providers())("accounts (%s)", (provider) => {
  let store: Store;
  let accounts: Accounts;
  beforeAll(async () => {
    store = await openStore({
      databaseUrl: await freshUrl(provider),
      dataDir: mkdtempSync(path.join(os.tmpdir(), "acc-")),
    });
    accounts = createAccounts(store.db, { sessionTtlMs: 60_000 });
  });
  afterAll(() => store.close());

  it("starts with nobody, so no login is required until a user exists", async () => {
    expect(await accounts.loginRequired()).toBe(false);
    const admin = await accounts.createUser({ username: "root", password: PW, role: "admin" });
    expect(admin).toMatchObject({ username: "root", role: "admin", disabled: false });
    expect(await accounts.loginRequired()).toBe(true);
    const row = await store.db.user.findUnique({ where: { username: "root" } });
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row!.passwordHash).not.toContain(PW);
  });

  it("refuses bad names, weak passwords and duplicates with codes", async () => {
    await expect(accounts.createUser({ username: "<script>", password: PW, role: "viewer" })).rejects.toMatchObject({
      code: "INVALID_USERNAME",
    });
    await expect(accounts.createUser({ username: "ana", password: "short", role: "viewer" })).rejects.toMatchObject({
      code: "WEAK_PASSWORD",
    });
    await accounts.createUser({ username: "ana", password: PW, role: "operator" });
    await expect(accounts.createUser({ username: "ana", password: PW, role: "viewer" })).rejects.toMatchObject({
      code: "USERNAME_TAKEN",
    });
  });

  it("checks passwords; disabled users cannot sign in", async () => {
    expect(await accounts.checkPassword("ana", PW)).toMatchObject({ username: "ana", role: "operator" });
    expect(await accounts.checkPassword("ana", PW + "!")).toBeNull();
    expect(await accounts.checkPassword("nobody", PW)).toBeNull();
  });

  it("keeps only a hash of the session secret; sessions expire and end when access shrinks", async () => {
    const ana = (await accounts.findUser("ana"))!;
    const s = await accounts.startSession(ana, 1_000);
    expect(await store.db.session.findUnique({ where: { id: s.secret } })).toBeNull();
    expect(await accounts.session(s.secret, 2_000)).toMatchObject({
      username: "ana",
      role: "operator",
      csrfToken: s.principal.csrfToken,
    });
    expect(await accounts.session(s.secret, 1_000 + 60_000)).toBeNull(); // expired (and removed)
    const s2 = await accounts.startSession(ana);
    const { endedSessions } = await accounts.updateUser(ana.id, { role: "viewer" });
    expect(endedSessions).toEqual([s2.principal.sessionId]);
    expect(await accounts.session(s2.secret)).toBeNull();
    expect(await accounts.sessionAlive(s2.principal.sessionId)).toBe(false);
  });

  it("never lets the last admin go, even when two admins demote each other at once", async () => {
    const root = (await accounts.findUser("root"))!;
    const other = await accounts.createUser({ username: "root2", password: PW, role: "admin" });
    const both = await Promise.allSettled([
      accounts.updateUser(root.id, { role: "operator" }),
      accounts.updateUser(other.id, { role: "operator" }),
    ]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await store.db.user.count({ where: { role: "admin", disabled: false } })).toBe(1);
    const survivor = both[0]!.status === "fulfilled" ? other : root;
    await accounts.updateUser(survivor.id === root.id ? other.id : root.id, { role: "admin" }); // restore, then remove the extra admin
    await accounts.deleteUser(other.id);
    await expect(accounts.updateUser(root.id, { role: "operator" })).rejects.toMatchObject({ code: "LAST_ADMIN" });
    await expect(accounts.updateUser(root.id, { disabled: true })).rejects.toMatchObject({ code: "LAST_ADMIN" });
    await expect(accounts.deleteUser(root.id)).rejects.toMatchObject({ code: "LAST_ADMIN" });
  });

  it("API tokens: shown once, stored hashed, capped by the owner's role, revocable, expiring", async () => {
    const ana = (await accounts.findUser("ana"))!; // viewer now
    await expect(accounts.createToken({ userId: ana.id, name: "too-strong", role: "operator" })).rejects.toMatchObject({
      code: "INVALID_ROLE",
    });
    await accounts.updateUser(ana.id, { role: "operator" });
    const { token, view } = await accounts.createToken({ userId: ana.id, name: "ci", role: "operator" });
    await accounts.updateUser(ana.id, { role: "viewer" });
    expect(token).toMatch(/^ssc_[\w-]{43}$/);
    expect(JSON.stringify(await store.db.apiToken.findMany())).not.toContain(token.slice(4));
    expect(await accounts.token(token)).toMatchObject({ username: "ana", role: "viewer", tokenName: "ci" });
    await accounts.updateUser(ana.id, { role: "operator" });
    expect(await accounts.token(token)).toMatchObject({ role: "operator" });
    expect(await accounts.token(token + "x")).toBeNull();
    await accounts.revokeToken(view.id);
    expect(await accounts.token(token)).toBeNull();
    expect(await accounts.tokenAlive(view.id)).toBe(false);
    const soon = await accounts.createToken({
      userId: ana.id,
      name: "short",
      role: "viewer",
      expiresAt: new Date(Date.now() + 1000),
    });
    expect(await accounts.token(soon.token)).not.toBeNull();
    expect(await accounts.token(soon.token, Date.now() + 2000)).toBeNull();
    await accounts.updateUser(ana.id, { disabled: true });
    const third = await accounts.createToken({ userId: ana.id, name: "x", role: "viewer" });
    expect(await accounts.token(third.token)).toBeNull(); // owner disabled
  });
});
