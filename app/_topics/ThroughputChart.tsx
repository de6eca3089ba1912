"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { formatBytes } from "../_shared/format";
import { timeTicks } from "./time-ticks";
import type { History } from "./use-history";

// One formatter each: toLocaleTimeString builds a new one per call, and recharts
// formats every tick many times per render (8 s of main thread per poll here).
const hhmm = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const hhmmss = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const clock = (sec: number, withSeconds: boolean) => (withSeconds ? hhmmss : hhmm).format(sec * 1000);

/** Records/s or bytes/s over the chosen range; no animation (it would replay on every poll). */
export function ThroughputChart({
  history,
  metric,
  label,
}: {
  history: History | null;
  metric: "recordsPerSec" | "bytesPerSec";
  label: string;
}) {
  const data = history?.points ?? [];
  const width = useWidth();
  const ticks = useMemo(() => timeTicks(data[0]?.t ?? 0, data[data.length - 1]?.t ?? 0), [data]);
  const fmt = (v: number) =>
    metric === "bytesPerSec" ? `${formatBytes(Math.round(v))}/s` : `${v.toFixed(v < 10 ? 1 : 0)}/s`;
  return (
    <figure ref={width.ref} role="img" aria-label={label} data-points={data.length} style={{ margin: 0, height: 220 }}>
      {/* right: 40 leaves room for the last time tick's label, which was cut off at the edge. */}
      {width.px > 0 ? (
        <AreaChart width={width.px} height={220} data={data} margin={{ top: 8, right: 40, bottom: 0, left: 8 }}>
          <CartesianGrid stroke="var(--border)" vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            domain={["dataMin", "dataMax"]}
            ticks={ticks}
            interval={0}
            tickFormatter={(t: number) => clock(t, history?.range === "5m")}
            stroke="var(--muted)"
            fontSize={11}
          />
          <YAxis tickFormatter={fmt} stroke="var(--muted)" fontSize={11} width={80} allowDecimals />
          <Tooltip labelFormatter={(t) => clock(Number(t), true)} formatter={(v) => [fmt(Number(v)), label]} />
          <Area
            type="monotone"
            dataKey={metric}
            stroke="var(--accent)"
            fill="var(--accent)"
            fillOpacity={0.15}
            isAnimationActive={false}
            dot={false}
          />
        </AreaChart>
      ) : null}
    </figure>
  );
}

/**
 * The container's width, updated on resize. Used instead of recharts'
 * ResponsiveContainer, which kept the page's main thread busy here.
 */
function useWidth() {
  const ref = useRef<HTMLElement>(null);
  const [px, setPx] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // clientWidth is the layout width; getBoundingClientRect's is scaled by CSS zoom (presentation mode), which would overflow the figure.
    const measure = () => setPx(el.clientWidth);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return { ref, px };
}
