"use client";
import { memo } from "react";
import { Line, LineChart, YAxis } from "recharts";

/** Records per second over the last minute; no animation, no axes, fixed size so rows never reflow. */
export const Sparkline = memo(function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  const data = values.map((v, i) => ({ i, v }));
  return (
    <div role="img" aria-label={label}>
      <LineChart width={140} height={28} data={data} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
        <YAxis hide domain={[0, "dataMax"]} />
        <Line
          type="monotone"
          dataKey="v"
          stroke="var(--accent)"
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </div>
  );
});
