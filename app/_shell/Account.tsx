"use client";
import Link from "next/link";
import { logout } from "../_auth/api";
import { useSession } from "./session";
import styles from "./shell.module.css";

/** Who is signed in, or the open-mode warning that every page carries. */
export function Account() {
  const session = useSession();
  if (!session) return null;
  if (session.mode === "open") {
    return (
      <div className={styles.noLogin} role="note" aria-label="No login">
        No login: open to anyone on this machine
      </div>
    );
  }
  if (!session.user) return null;
  return (
    <div className={styles.account} aria-label="Signed in">
      <Link href="/account" className={styles.navLink}>
        {session.user.username} <span className={styles.role}>{session.user.role}</span>
      </Link>
      <button type="button" className={styles.signOut} onClick={() => void logout()}>
        Sign out
      </button>
    </div>
  );
}
