/** "1,234 rec/s" above 100, "12.5 rec/s" below. */
export function recordsPerSec(n: number): string {
  return `${(n >= 100 ? Math.round(n) : Math.round(n * 10) / 10).toLocaleString()} rec/s`;
}
