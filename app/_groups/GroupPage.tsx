"use client";
import Link from "next/link";
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { usePoll } from "../_shared/use-poll";
import ui from "../_ui/common.module.css";
import styles from "./groups.module.css";

interface GroupDetail {
  groupId: string;
  state: string;
  protocolType: string;
  members: Array<{ memberId: string; clientId: string; host: string; assignment: Record<string, number[]> }>;
  partitions: Array<{ topic: string; partition: number; committed: string | null; high: string; lag: number | null; history: Array<{ t: number; lag: number }> }>;
  lag: number;
  growing: boolean;
  history: Array<{ t: number; lag: number }>;
  intervalMs: number;
}

const hhmmss = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** One group: lag over time, per-partition lag, members and what each one is assigned. */
export function GroupPage({ id }: { id: string }) {
  const { data: g, error } = usePoll(async (signal) => {
    const res = await fetch(`/api/groups/${encodeURIComponent(id)}`, { signal, cache: "no-store" });
    if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { error?: { message?: string } }).error?.message ?? `HTTP ${res.status}`);
    return (await res.json()) as GroupDetail;
  }, 2000, [id]);
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
              Lag over time <span className={ui.muted}>now {g.lag.toLocaleString()} records · sampled every {g.intervalMs / 1000} s</span>
            </h2>
            <div role="img" aria-label={`${id} lag over time`} data-points={g.history.length}>
              <LineChart width={1100} height={220} data={g.history} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
                <CartesianGrid stroke="var(--border)" vertical={false} />
                <XAxis dataKey="t" type="number" domain={["dataMin", "dataMax"]} tickFormatter={(t: number) => hhmmss.format(t)} stroke="var(--muted)" fontSize={11} />
                <YAxis stroke="var(--muted)" fontSize={11} allowDecimals={false} />
                <Tooltip labelFormatter={(t) => hhmmss.format(Number(t))} formatter={(v) => [Number(v).toLocaleString(), "lag"]} />
                <Line type="linear" dataKey="lag" stroke={g.growing ? "var(--bad)" : "var(--accent)"} strokeWidth={2} dot={false} isAnimationActive={false} />
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
