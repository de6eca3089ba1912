"use client";
import { useState, type FormEvent } from "react";
import { errorMessage } from "../_api/client";
import { authErrorText, changePassword } from "./api";
import { useSession } from "../_shell/session";
import styles from "./auth.module.css";
import ui from "../_ui/common.module.css";

/** Your own account: who you are, and a password change (which ends all your sessions). */
export function AccountPage() {
  const session = useSession();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== again) return setError("The new passwords differ.");
    try {
      await changePassword({ current, next });
      window.location.assign("/login");
    } catch (err) {
      setError(errorMessage(err, authErrorText));
    }
  };
  return (
    <>
      <h1 className={ui.title}>Your account</h1>
      {session?.user?.via === "session" ? (
        <section className={styles.section} aria-label="Change password">
          <p className={styles.muted}>
            Signed in as {session.user.username} ({session.user.role}). Changing the password signs you out everywhere.
          </p>
          <form className={styles.form} onSubmit={(e) => void submit(e)}>
            <label className={styles.field}>
              Current password
              <input
                type="password"
                autoComplete="current-password"
                value={current}
                onChange={(e) => setCurrent(e.target.value)}
                required
              />
            </label>
            <label className={styles.field}>
              New password
              <input
                type="password"
                autoComplete="new-password"
                minLength={12}
                value={next}
                onChange={(e) => setNext(e.target.value)}
                required
              />
            </label>
            <label className={styles.field}>
              New password again
              <input
                type="password"
                autoComplete="new-password"
                value={again}
                onChange={(e) => setAgain(e.target.value)}
                required
              />
            </label>
            <button type="submit" className={styles.primary}>
              Change password
            </button>
          </form>
          {error ? (
            <p role="alert" className={styles.error}>
              {error}
            </p>
          ) : null}
        </section>
      ) : (
        <p className={styles.muted}>
          {session?.mode === "open"
            ? "No accounts: this dashboard is open on this machine."
            : "Not signed in with a password."}
        </p>
      )}
    </>
  );
}
