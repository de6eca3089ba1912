/**
 * Self time of a V8 CPU profile grouped by who is responsible: each sample
 * goes to the innermost frame in a server/ file (so JSON.parse called from
 * preview.ts counts as preview.ts), else to kafkajs, GC, idle or the rest.
 *
 *   node --import tsx bench/profile-summary.ts bench/results/ingest-….cpuprofile [records]
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

function category(frames: Array<{ functionName: string; url: string }>): string {
  for (const f of frames) {
    const at = f.url.indexOf("/server/");
    if (at !== -1 && !f.url.includes("node_modules")) return f.url.slice(at + 1);
  }
  const leaf = frames[0]!;
  if (leaf.functionName === "(garbage collector)") return "(gc)";
  // Profiler.stop itself (serialising the profile), not ingest.
  if (leaf.functionName === "dispatch" && frames[1]?.functionName === "post") return "(profiler)";
  if (leaf.functionName === "(idle)" || leaf.functionName === "(program)") return leaf.functionName;
  for (const f of frames) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url);
    if (m) return m[1]!;
  }
  return leaf.url.startsWith("node:") ? "node internals" : "other";
}

/** A table of milliseconds and µs per record by category, largest first. */
export function summarise(profile: CpuProfile, records: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const cache = new Map<number, string>();
  const catOf = (id: number) => {
    let c = cache.get(id);
    if (c === undefined) {
      const frames = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) frames.push(byId.get(at)!.callFrame);
      cache.set(id, (c = category(frames)));
    }
    return c;
  };
  const us = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const c = catOf(id);
    us.set(c, (us.get(c) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const busy = [...us].filter(([c]) => c !== "(idle)" && c !== "(profiler)").reduce((s, [, v]) => s + v, 0);
  const rows = [...us].sort((a, b) => b[1] - a[1]);
  return [
    `CPU busy ${(busy / 1000).toFixed(0)} ms = ${(busy / records).toFixed(2)} µs per record over ${records.toLocaleString()} records`,
    ...rows.map(
      ([c, v]) => `${(v / 1000).toFixed(0).padStart(7)} ms ${(v / records).toFixed(2).padStart(6)} µs/rec  ${c}`,
    ),
  ].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const profile = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as CpuProfile;
  console.log(summarise(profile, Number(process.argv[3] ?? 180_000)));
}
