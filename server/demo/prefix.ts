import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The shipped saga definitions with every topic prefixed, written to
 * `outDir`: a demo run under DEMO_TOPIC_PREFIX (into a shared cluster, or in
 * the e2e suite beside other tests' topics) is tracked by its own sagas. Files
 * that are not JSON objects with a topic list are copied unchanged, so the
 * loader still reports them as it would.
 */
export function prefixedSagaDir(fromDir: string, prefix: string, outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(fromDir).filter((n) => n.endsWith(".json"))) {
    const text = readFileSync(path.join(fromDir, f), "utf8");
    let out = text;
    try {
      const d = JSON.parse(text) as { topics?: unknown };
      if (Array.isArray(d.topics))
        out = JSON.stringify(
          { ...d, topics: d.topics.map((t) => (typeof t === "string" ? `${prefix}${t}` : t)) },
          null,
          2,
        );
    } catch {
      // copied as is
    }
    writeFileSync(path.join(outDir, f), out);
  }
  return outDir;
}
