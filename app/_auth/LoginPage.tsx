"use client";
import { useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ApiError, errorMessage } from "../_api/client";
import { authErrorText, login } from "./api";
import { useSession } from "../_shell/session";
import styles from "./auth.module.css";

/**
 * Only a place on this site: resolved the way the browser will resolve it
 * (which drops tabs and newlines, so `/\t/evil.example` is `//evil.example`),
 * then kept only when it stays on this origin.
 */
function safeNext(next: string | null): string {
  if (!next) return "/";
  try {
    const u = new URL(next, window.location.origin);
    return u.origin === window.location.origin ? u.pathname + u.search + u.hash : "/";
  } catch {
    return "/";
  }
}

export function LoginPage() {
  const params = useSearchParams();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const session = useSession();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
      window.location.assign(safeNext(params.get("next")));
    } catch (err) {
      const retry =
        err instanceof ApiError && typeof err.detail.retryAfterSec === "number"
          ? ` (about ${Math.ceil(err.detail.retryAfterSec / 60)} min)`
          : "";
      setError(err instanceof Error ? errorMessage(err, authErrorText) + retry : "Sign-in failed.");
      setBusy(false);
    }
  };

  return (
    <main className={styles.loginPage}>
      <form className={styles.loginForm} onSubmit={(e) => void submit(e)} aria-label="Sign in">
        <h1 className={styles.brand}>
          <span aria-hidden>◆</span> Sagascope
        </h1>
        <label>
          User name
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            autoFocus
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {session?.mode === "open" ? (
          <p role="note" className={styles.muted}>
            No account exists yet, so this dashboard needs no login on this machine: <a href="/">open it</a>. Create the
            first admin with <code>npm run user -- add &lt;name&gt; --role admin</code>.
          </p>
        ) : null}
        {error ? (
          <p role="alert" className={styles.error}>
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
