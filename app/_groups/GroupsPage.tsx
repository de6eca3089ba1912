"use client";
import Link from "next/link";
import { useState } from "react";
import { groupsRoutes } from "@contract";
import { call } from "../_api/client";
import { usePoll } from "../_shared/use-poll";
import { Sparkline } from "../_shared/Sparkline";
import ui from "../_ui/common.module.css";
import styles from "./groups.module.css";

const load = (signal: AbortSignal) => call(groupsRoutes.list, { signal });

/** Every consumer group: state, members, topics, lag now and over the last minutes; growing lag flagged. */
export function GroupsPage() {
  const [filter, setFilter] = useState("");
  const { data, error } = usePoll(load, 2000, []);
  const rows = (data?.groups ?? []).filter((g) => g.groupId.toLowerCase().includes(filter.toLowerCase()));
  return (
    <>
      <h1 className={ui.title}>Consumer groups</h1>
      <div className={styles.tools}>
        <input
          type="search"
          aria-label="Filter groups"
          placeholder="Filter by group id"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          className={ui.search}
        />
        <span className={ui.muted}>
          {data?.sampledAt
            ? `sampled ${new Date(data.sampledAt).toLocaleTimeString()} · every ${data.intervalMs / 1000} s`
            : "waiting for the first sample…"}
          {data?.error || error ? ` · last sample failed: ${data?.error ?? error}` : ""}
        </span>
      </div>
      <table className={ui.table} aria-label="Consumer groups">
        <thead>
          <tr>
            <th>Group</th>
            <th>State</th>
            <th className={styles.num}>Members</th>
            <th>Topics</th>
            <th className={styles.num}>Lag</th>
            <th>Lag, recent</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((g) => (
            <tr key={g.groupId} aria-label={`group ${g.groupId}`}>
              <td className={ui.mono}>
                <Link href={`/groups/${encodeURIComponent(g.groupId)}`}>{g.groupId}</Link>
              </td>
              <td>
                <span className={styles.state} data-state={g.state}>
                  {g.state}
                </span>
              </td>
              <td className={styles.num}>{g.members}</td>
              <td className={ui.mono}>{g.topics.join(", ") || "—"}</td>
              <td className={styles.num}>
                {g.lag.toLocaleString()}
                {g.unknownLag ? (
                  <span className={ui.muted} title="partitions without a committed offset">
                    {" "}
                    +{g.unknownLag} unknown
                  </span>
                ) : null}{" "}
                {g.growing ? <span className={styles.growing}>growing</span> : null}
              </td>
              <td>
                <Sparkline values={g.spark.map((s) => s.lag)} label={`${g.groupId} lag, recent`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
