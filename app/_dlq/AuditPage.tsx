"use client";
import Link from "next/link";
import { useState } from "react";
import { auditExportUrl, listAudit } from "./api";
import { usePoll } from "../_shared/use-poll";
import styles from "./dlq.module.css";
import ui from "../_ui/common.module.css";

/** Every operator action, newest first: who, when, what, on which record, to where, and the result. */
export function AuditPage() {
  const [action, setAction] = useState("");
  const [record, setRecord] = useState("");
  const params = new URLSearchParams();
  if (action) params.set("action", action);
  if (record) params.set("deadLetterId", record);
  const query = params.toString();
  const audit = usePoll((signal) => listAudit(new URLSearchParams(query), signal), 3000, [query]);
  return (
    <>
      <div className={styles.titleRow}>
        <h1 className={ui.title}>Audit log</h1>
        <Link href="/dlq" className={styles.link}>
          Dead letters
        </Link>
        <a className={styles.link} href={auditExportUrl(new URLSearchParams(query), "csv")} download>
          Export CSV
        </a>
        <a
          className={styles.link}
          href={auditExportUrl(new URLSearchParams(query), "json")}
          download="sagascope-audit.json"
        >
          Export JSON
        </a>
      </div>
      <div className={styles.tools}>
        <label className={styles.muted}>
          Action{" "}
          <select aria-label="Action" value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">any</option>
            <option value="retry">retry</option>
            <option value="edit-and-retry">edit-and-retry</option>
            <option value="discard">discard</option>
            <option value="redrive">redrive</option>
            <option value="redrive-cancel">redrive-cancel</option>
            <option value="login">login</option>
            <option value="logout">logout</option>
            <option value="password.change">password.change</option>
            <option value="user.create">user.create</option>
            <option value="user.update">user.update</option>
            <option value="user.delete">user.delete</option>
            <option value="token.create">token.create</option>
            <option value="token.revoke">token.revoke</option>
            <option value="demo.rate">demo.rate</option>
            <option value="demo.failures">demo.failures</option>
            <option value="demo.outage">demo.outage</option>
            <option value="demo.poison">demo.poison</option>
            <option value="demo.duplicates">demo.duplicates</option>
          </select>
        </label>
        <input
          type="search"
          className={styles.search}
          aria-label="Record id"
          placeholder="dead-letter record id (topic/partition/offset)"
          value={record}
          onChange={(e) => setRecord(e.target.value.trim())}
        />
        {audit.error ? <span className={styles.error}>could not refresh: {audit.error}</span> : null}
      </div>
      <table className={styles.auditTable} aria-label="Audit log">
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>Action</th>
            <th>Record</th>
            <th>To</th>
            <th>Reason</th>
            <th>Result</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {(audit.data?.entries ?? []).map((e) => (
            <tr key={e.id}>
              <td>{new Date(e.at).toLocaleString()}</td>
              <td>{e.actor}</td>
              <td>{e.action}</td>
              <td>{e.deadLetterId}</td>
              <td>{e.target}</td>
              <td>{e.reason}</td>
              <td>
                <span
                  className={styles.status}
                  data-status={e.result === "ok" ? "published" : e.result === "requested" ? "pending" : "failed"}
                >
                  {e.result}
                </span>
              </td>
              <td>{JSON.stringify(e.detail)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
