/** Default dead-letter topic names: Spring's `.DLT`, and the usual `-dlt`, `.dlq`, `-dlq`, `dlq.` and `.deadletter`. */
export const DEFAULT_DLT_PATTERNS = ["*.DLT", "*-dlt", "*.dlq", "*-dlq", "dlq.*", "*.deadletter"] as const;

/** Glob (`*` = any characters) to an anchored, case-insensitive regex. */
export function globToRegex(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`, "i");
}

/** Builds the dead-letter topic test from patterns plus an explicit list of names. */
export function deadLetterMatcher(
  patterns: readonly string[] = DEFAULT_DLT_PATTERNS,
  explicit: readonly string[] = [],
): (topic: string) => boolean {
  const regexes = patterns.map(globToRegex);
  const names = new Set(explicit);
  // Asked for every ingested record: remember the answer per topic.
  const known = new Map<string, boolean>();
  return (topic) => {
    let is = known.get(topic);
    if (is === undefined) {
      is = names.has(topic) || regexes.some((r) => r.test(topic));
      if (known.size > 10_000) known.clear();
      known.set(topic, is);
    }
    return is;
  };
}
