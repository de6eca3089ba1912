/** About `count` ticks on round multiples of the span, so recharts need not measure every label. */
export function timeTicks(first: number, last: number, count = 6): number[] {
  if (!(last > first)) return [];
  const nice = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200];
  const every = nice.find((n) => (last - first) / n <= count) ?? 86400;
  const ticks: number[] = [];
  for (let t = Math.ceil(first / every) * every; t <= last; t += every) ticks.push(t);
  return ticks;
}
