"use client";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import type { RoleName, TokenView, UserView } from "@contract";
import { errorMessage } from "../_api/client";
import {
  authErrorText,
  createToken,
  createUser,
  deleteUser,
  listTokens,
  listUsers,
  revokeToken,
  updateUser,
} from "./api";
import { can, useSession } from "../_shell/session";
import styles from "./auth.module.css";
import ui from "../_ui/common.module.css";

const roles: RoleName[] = ["viewer", "operator", "admin"];
const message = (err: unknown) => errorMessage(err, authErrorText);

/** Users and API tokens (admin role). The server enforces the role; this page only lays it out. */
export function AdminPage() {
  const session = useSession();
  const [users, setUsers] = useState<UserView[]>([]);
  const [tokens, setTokens] = useState<TokenView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    listUsers().then(
      (r) => setUsers(r.users),
      (e: unknown) => setError(message(e)),
    );
    listTokens().then(
      (r) => setTokens(r.tokens),
      (e: unknown) => setError(message(e)),
    );
  }, []);
  useEffect(() => {
    if (can(session, "admin")) reload();
  }, [session, reload]);
  const run = (p: Promise<unknown>) =>
    p.then(
      () => {
        setError(null);
        reload();
      },
      (e: unknown) => setError(message(e)),
    );

  return (
    <>
      <h1 className={ui.title}>Admin</h1>
      {session && !can(session, "admin") ? (
        <p role="alert" className={styles.error}>
          {session.mode === "open"
            ? "Accounts are managed by an admin. Create the first one with `npm run user -- add <name> --role admin`, then sign in."
            : "Only admins manage users and tokens."}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      ) : null}
      {can(session, "admin") ? (
        <>
          <Users users={users} self={session?.user?.username ?? ""} run={run} />
          <Tokens tokens={tokens} users={users} run={run} />
        </>
      ) : null}
    </>
  );
}

function Users({ users, self, run }: { users: UserView[]; self: string; run: (p: Promise<unknown>) => Promise<void> }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<RoleName>("viewer");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(createUser({ username, password, role }).then(() => (setUsername(""), setPassword(""))));
  };
  return (
    <section className={styles.section} aria-label="Users">
      <h2>Users</h2>
      <form className={styles.form} onSubmit={submit} aria-label="New user">
        <label className={styles.field}>
          User name
          <input value={username} onChange={(e) => setUsername(e.target.value)} required autoComplete="off" />
        </label>
        <label className={styles.field}>
          Password
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={12}
            autoComplete="new-password"
          />
        </label>
        <label className={styles.field}>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as RoleName)}>
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit" className={styles.primary}>
          Add user
        </button>
      </form>
      <table className={styles.table}>
        <thead>
          <tr>
            <th>User</th>
            <th>Role</th>
            <th>State</th>
            <th>Created</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>
                {u.username}
                {u.username === self ? <span className={styles.muted}> (you)</span> : null}
              </td>
              <td>
                <select
                  aria-label={`Role of ${u.username}`}
                  value={u.role}
                  onChange={(e) => void run(updateUser(u.id, { role: e.target.value as RoleName }))}
                >
                  {roles.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td>{u.disabled ? "disabled" : "active"}</td>
              <td className={styles.muted}>{new Date(u.createdAt).toLocaleString()}</td>
              <td>
                <button
                  type="button"
                  className={styles.small}
                  onClick={() => void run(updateUser(u.id, { disabled: !u.disabled }))}
                >
                  {u.disabled ? "Enable" : "Disable"}
                </button>{" "}
                <button
                  type="button"
                  className={styles.small}
                  onClick={() =>
                    window.confirm(`Delete ${u.username}? Their sessions and tokens end.`) && void run(deleteUser(u.id))
                  }
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Tokens({
  tokens,
  users,
  run,
}: {
  tokens: TokenView[];
  users: UserView[];
  run: (p: Promise<unknown>) => Promise<void>;
}) {
  const [owner, setOwner] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<RoleName>("viewer");
  const [days, setDays] = useState("90");
  const [shown, setShown] = useState<{ name: string; token: string } | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(
      createToken({
        username: owner || users[0]?.username || "",
        name,
        role,
        ...(Number(days) > 0 ? { expiresInDays: Number(days) } : {}),
      }).then((t) => {
        setShown({ name: t.name, token: t.token });
        setName("");
      }),
    );
  };
  return (
    <section className={styles.section} aria-label="API tokens">
      <h2>API tokens</h2>
      <p className={styles.muted}>
        For automation: send it as <code>Authorization: Bearer …</code>. A token acts with its own role, never above its
        owner&apos;s current role.
      </p>
      <form className={styles.form} onSubmit={submit} aria-label="New token">
        <label className={styles.field}>
          Owner
          <select value={owner} onChange={(e) => setOwner(e.target.value)}>
            {users.map((u) => (
              <option key={u.id}>{u.username}</option>
            ))}
          </select>
        </label>
        <label className={styles.field}>
          Token name
          <input value={name} onChange={(e) => setName(e.target.value)} required placeholder="ci-redrive" />
        </label>
        <label className={styles.field}>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as RoleName)}>
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label className={styles.field}>
          Expires in days (0: never)
          <input type="number" min={0} max={3650} value={days} onChange={(e) => setDays(e.target.value)} />
        </label>
        <button type="submit" className={styles.primary}>
          Create token
        </button>
      </form>
      {shown ? (
        <div role="status" aria-label="New token">
          <p className={styles.muted}>Token “{shown.name}”: copy it now, it is not shown again.</p>
          <div className={styles.secret} data-testid="new-token">
            {shown.token}
          </div>
        </div>
      ) : null}
      <table className={styles.table}>
        <thead>
          <tr>
            <th>Name</th>
            <th>Owner</th>
            <th>Role</th>
            <th>Last used</th>
            <th>Expires</th>
            <th>State</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>{t.username}</td>
              <td>{t.role}</td>
              <td className={styles.muted}>{t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : "never"}</td>
              <td className={styles.muted}>{t.expiresAt ? new Date(t.expiresAt).toLocaleDateString() : "never"}</td>
              <td>{t.revokedAt ? "revoked" : "active"}</td>
              <td>
                {t.revokedAt ? null : (
                  <button type="button" className={styles.small} onClick={() => void run(revokeToken(t.id))}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
