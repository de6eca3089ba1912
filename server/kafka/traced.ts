import { anyGlob } from "./topics";

/** At most this many topics are read because their profile carries trace headers (name the rest in TRACE_TOPICS). */
export const SUGGESTED_TRACE_TOPICS_MAX = 20;

/**
 * Which topics are read for the trace index and discovery: those TRACE_TOPICS
 * names (globs, as DLT_PATTERNS); without it, the first
 * SUGGESTED_TRACE_TOPICS_MAX topics (by name) whose profile carries trace or
 * correlation headers (server/profiles `suggestTraceTopics`), asked again at
 * most every `refreshMs`, since profiles arrive over time. Saga and
 * dead-letter topics are read anyway.
 */
export function tracedTopics(
  globs: readonly string[],
  suggest: () => readonly string[],
  opts: { refreshMs?: number; now?: () => number; max?: number } = {},
): (topic: string) => string | false {
  const named = anyGlob(globs);
  if (named) return (t) => (named(t) ? "TRACE_TOPICS" : false);
  const now = opts.now ?? Date.now;
  const refreshMs = opts.refreshMs ?? 10_000;
  const max = opts.max ?? SUGGESTED_TRACE_TOPICS_MAX;
  let at = Number.NEGATIVE_INFINITY;
  let chosen = new Set<string>();
  return (t) => {
    if (now() - at >= refreshMs) {
      at = now();
      chosen = new Set(suggest().slice(0, max));
    }
    return chosen.has(t) ? "its profile carries trace headers" : false;
  };
}
