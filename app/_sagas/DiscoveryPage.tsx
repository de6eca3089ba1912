"use client";
import { discoveryRoutes, type SagaDefinitionView } from "@contract";
import { call, errorMessage, urlOf } from "../_api/client";
import { usePoll } from "../_shared/use-poll";
import { ms } from "./api";
import { SagaGraph } from "./SagaGraph";
import styles from "./sagas.module.css";
import ui from "../_ui/common.module.css";

async function load(signal: AbortSignal) {
  try {
    return await call(discoveryRoutes.flow, { signal });
  } catch (err) {
    if (signal.aborted) throw err;
    throw new Error(errorMessage(err));
  }
}

/** The flow of correlated events no saga definition covers: which event follows which, how often, how long after. */
export function DiscoveryPage() {
  const { data, error } = usePoll(load, 3000, []);
  const g = data?.graph;
  // Drawn with the saga graph: event types as nodes, directly-follows edges labelled with count and typical gap.
  const view: SagaDefinitionView | null = g?.nodes.length
    ? {
        name: "discovered",
        initial: g.nodes[0]!.type,
        states: Object.fromEntries(
          g.nodes.map((n) => [
            n.type,
            n.ends > 0 && !g.edges.some((e) => e.from === n.type) ? { terminal: "completed" as const } : {},
          ]),
        ),
        transitions: g.edges
          .filter((e) => e.from !== e.to)
          .map((e) => ({ from: e.from, event: `${e.count}× · ${ms(e.p50Ms)}`, to: e.to, compensation: false })),
      }
    : null;
  return (
    <>
      <h1 className={ui.title}>Discovered flows</h1>
      <p className={styles.muted}>
        Correlated events on topics that no saga definition covers, read with{" "}
        {data ? <span className={styles.mono}>{data.correlation.join(" | ")}</span> : "…"} as the correlation id and{" "}
        {data ? <span className={styles.mono}>{data.eventType.join(" | ")}</span> : "…"} as the event type
        (DISCOVERY_CORRELATION, DISCOVERY_EVENT_TYPE).
        {g ? ` ${g.events} events in ${g.traces} traces so far.` : ""}
        {error ? ` Could not refresh: ${error}` : ""}
      </p>
      {view ? (
        <>
          <SagaGraph
            definition={view}
            counts={Object.fromEntries(g!.nodes.map((n) => [n.type, n.count]))}
            label="Discovered flow"
          />
          <p>
            <a href={urlOf(discoveryRoutes.definition)} download="discovered.json" className={styles.link}>
              Export as a starting definition
            </a>{" "}
            <span className={styles.muted}>
              — save it in the sagas directory, rename it, then add compensations and timeouts.
            </span>
          </p>
          <table className={styles.table} aria-label="Directly-follows edges">
            <thead>
              <tr>
                <th>From</th>
                <th>Then</th>
                <th>Times</th>
                <th>Typical gap (p50)</th>
                <th>p95</th>
              </tr>
            </thead>
            <tbody>
              {g!.edges.map((e) => (
                <tr key={`${e.from}>${e.to}`}>
                  <td className={styles.mono}>{e.from}</td>
                  <td className={styles.mono}>{e.to}</td>
                  <td>{e.count}</td>
                  <td>{ms(e.p50Ms)}</td>
                  <td>{ms(e.p95Ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p className={styles.muted}>No correlated events seen yet on topics without a definition.</p>
      )}
    </>
  );
}
