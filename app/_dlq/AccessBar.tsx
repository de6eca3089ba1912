"use client";
import { useEffect, useState } from "react";
import type { AccessInfo } from "@contract";
import { getAccess, operator } from "./api";
import styles from "./dlq.module.css";

/** Who will be recorded as acting, and (when the server requires one) the operator token. */
export function AccessBar() {
  const [access, setAccess] = useState<AccessInfo | null>(null);
  const [name, setName] = useState("");
  const [token, setToken] = useState("");
  useEffect(() => {
    setName(operator.name());
    setToken(operator.token());
    getAccess().then(setAccess, () => setAccess(null));
  }, []);
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
      {access?.mode === "token" ? (
        <label>
          Operator token{" "}
          <input
            type="password"
            aria-label="Operator token"
            value={token}
            autoComplete="off"
            onChange={(e) => {
              setToken(e.target.value);
              operator.setToken(e.target.value);
            }}
          />
        </label>
      ) : null}
      {access?.mode === "open" ? (
        <span className={styles.warnText} role="note">
          No login: this server listens on loopback without an operator token, so anyone on this machine can retry and discard. Set OPERATOR_TOKEN before exposing it.
        </span>
      ) : null}
    </div>
  );
}
