"use client";
import { useEffect, useState } from "react";
import { can, useSession } from "../_shell/session";
import { operator } from "../_api/client";
import styles from "./dlq.module.css";

/** Who will be recorded as acting, and whether their role may act at all (the server decides; this only explains). */
export function AccessBar() {
  const session = useSession();
  const [name, setName] = useState("");
  useEffect(() => setName(operator.name()), []);
  if (!session) return null;
  if (session.mode === "open") {
    return (
      <div className={styles.access} role="region" aria-label="Operator">
        <label>
          Operator name{" "}
          <input
            aria-label="Operator name"
            value={name}
            placeholder="your name (audit log)"
            onChange={(e) => {
              setName(e.target.value);
              operator.setName(e.target.value);
            }}
          />
        </label>
        <span className={styles.warnText} role="note">
          {can(session, "operator")
            ? "No login: anyone on this machine can retry and discard. Create an account (npm run user) before exposing the dashboard."
            : "No login for reading; retry, discard and redrive need the operator token (OPERATOR_TOKEN)."}
        </span>
      </div>
    );
  }
  if (can(session, "operator")) return null;
  return (
    <div className={styles.access} role="region" aria-label="Operator">
      <span className={styles.warnText} role="note">
        Signed in as {session.user?.username} ({session.role}): you can look, but retry, discard and redrive need the
        operator role.
      </span>
    </div>
  );
}
