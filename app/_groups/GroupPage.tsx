"use client";
import Link from "next/link";
import { groupsRoutes } from "@contract";
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { usePoll } from "../_shared/use-poll";
import { ApiError, call } from "../_api/client";
import ui from "../_ui/common.module.css";
import styles from "./groups.module.css";

const hhmmss = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** One group: lag over time, per-partition lag, members and what each one is assigned. */
export function GroupPage({ id }: { id: string }) {
  const { data: g, error } = usePoll(
    async (signal) => {
      try {
        return await call(groupsRoutes.detail, { params: { id }, signal });
      } catch (err) {
        // The server's message says why (a group without members and offsets is not found).
        const said = err instanceof ApiError ? err.detail.message : undefined;
        throw typeof said === "string" ? new Error(said) : err;
      }
    },
    2000,
    [id],
  );
  return (
    <>
      <p className={ui.muted}>
        <Link href="/groups">Consumer groups</Link> /
      </p>
      <h1 className={ui.title}>
        <span className={ui.mono}>{id}</span>{" "}
        {g ? (
          <span className={styles.state} data-state={g.state}>
            {g.state}
          </span>
        ) : null}{" "}
        {g?.growing ? <span className={styles.growing}>lag growing</span> : null}
      </h1>
      {error && !g ? <p className={ui.muted}>{error}</p> : null}
      {g ? (
        <>
          <section className={styles.card} aria-label="Lag over time">
            <h2>
              Lag over time{" "}
              <span className={ui.muted}>
                now {g.lag.toLocaleString()} records · sampled every {g.intervalMs / 1000} s
              </span>
            </h2>
            <div role="img" aria-label={`${id} lag over time`} data-points={g.history.length}>
              <LineChart width={1100} height={220} data={g.history} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
                <CartesianGrid stroke="var(--border)" vertical={false} />
                <XAxis
                  dataKey="t"
                  type="number"
                  domain={["dataMin", "dataMax"]}
                  tickFormatter={(t: number) => hhmmss.format(t)}
                  stroke="var(--muted)"
                  fontSize={11}
                />
                <YAxis stroke="var(--muted)" fontSize={11} allowDecimals={false} />
                <Tooltip
                  labelFormatter={(t) => hhmmss.format(Number(t))}
                  formatter={(v) => [Number(v).toLocaleString(), "lag"]}
                />
                <Line
                  type="linear"
                  dataKey="lag"
                  stroke={g.growing ? "var(--bad)" : "var(--accent)"}
                  strokeWidth={2}
                  dot={false}
                  isAnimationActive={false}
                />
              </LineChart>
            </div>
          </section>
          <table className={ui.table} aria-label="Partitions">
            <thead>
              <tr>
                <th>Topic</th>
                <th className={styles.num}>Partition</th>
                <th className={styles.num}>Committed</th>
                <th className={styles.num}>End</th>
                <th className={styles.num}>Lag</th>
              </tr>
            </thead>
            <tbody>
              {g.partitions.map((p) => (
                <tr key={`${p.topic}/${p.partition}`}>
                  <td className={ui.mono}>{p.topic}</td>
                  <td className={styles.num}>{p.partition}</td>
                  <td className={styles.num}>{p.committed ?? "none"}</td>
                  <td className={styles.num}>{p.high}</td>
                  <td className={styles.num}>{p.lag === null ? "unknown" : p.lag.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className={ui.table} aria-label="Members">
            <thead>
              <tr>
                <th>Client id</th>
                <th>Host</th>
                <th>Assigned</th>
              </tr>
            </thead>
            <tbody>
              {g.members.map((m) => (
                <tr key={m.memberId}>
                  <td className={ui.mono}>{m.clientId}</td>
                  <td className={ui.mono}>{m.host}</td>
                  <td className={ui.mono}>
                    {Object.entries(m.assignment)
                      .map(([t, ps]) => `${t} [${[...ps].sort((a, b) => a - b).join(", ")}]`)
                      .join("; ") || "—"}
                  </td>
                </tr>
              ))}
              {g.members.length === 0 ? (
                <tr>
                  <td colSpan={3} className={ui.muted}>
                    No members: nothing is consuming for this group now.
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </>
      ) : null}
    </>
  );
}
