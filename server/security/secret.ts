import { inspect } from "node:util";

/**
 * A credential read from the configuration (a SASL password, a TLS private
 * key). It prints as `[redacted]` however it is logged or serialised, and
 * every Secret made is remembered so that `redactSecrets` can scrub its value
 * out of text that came from elsewhere (kafkajs log lines, error messages)
 * before that text is logged or sent to a browser. Only `reveal()` gives the
 * value, for the one place that hands it to the Kafka client.
 */
export const REDACTED = "[redacted]";

/** Values shorter than this are not scrubbed from text: a 1-character "secret" would blank every such character. */
const MIN_SCRUBBED = 3;
const known = new Set<string>();
/** Longest first, so a secret that contains another is replaced whole. */
let ordered: string[] = [];

export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
    if (value.length >= MIN_SCRUBBED) {
      known.add(value);
      // The same value as it appears inside a JSON string (quotes, backslashes, control characters escaped).
      known.add(JSON.stringify(value).slice(1, -1));
      ordered = [...known].sort((a, b) => b.length - a.length);
    }
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return REDACTED;
  }
  toJSON(): string {
    return REDACTED;
  }
  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}

/** Replaces every known secret value in `text` with `[redacted]`; cheap when none occurs. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const s of ordered) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}
