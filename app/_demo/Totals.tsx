import type { DemoState } from "@contract";
import styles from "./demo.module.css";

function Card({ title, items }: { title: string; items: Array<[string, number]> }) {
  return (
    <section className={styles.total} aria-label={title}>
      <h2>{title}</h2>
      <dl>
        {items.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value.toLocaleString()}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The sagas' outcomes and the faults injected since the demo started. */
export function Totals({ state }: { state: DemoState }) {
  return (
    <div className={styles.totals} role="group" aria-label="Demo totals">
      <Card
        title="Orders"
        items={[
          ["started", state.orders.started],
          ["completed", state.orders.completed],
          ["compensated", state.orders.compensated],
        ]}
      />
      <Card
        title="Returns"
        items={[
          ["started", state.returns.started],
          ["completed", state.returns.completed],
          ["rejected", state.returns.rejected],
        ]}
      />
      <Card
        title="Injected faults"
        items={[
          ["poison sent", state.poisonSent],
          ["duplicates injected", state.duplicates.injected],
          ["duplicates pending", state.duplicates.pending],
        ]}
      />
    </div>
  );
}
