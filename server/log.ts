import { redactSecrets } from "./security/secret";

/**
 * Structured JSON logs, one object per line on stderr, so they can be shipped
 * as they are. Secrets must never be passed in `fields`; as a second line of
 * defence every line is scrubbed of configured secrets (server/security/secret.ts),
 * which covers text we do not write ourselves, such as kafkajs' log lines.
 */
export const LogLevels = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LogLevels)[number];

export type LogFields = Record<string, unknown>;
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export function createLogger(
  level: LogLevel = "info",
  base: LogFields = {},
  write: (line: string) => void = (line) => process.stderr.write(line + "\n"),
): Logger {
  const min = LogLevels.indexOf(level);
  const at = (lvl: LogLevel) => (msg: string, fields?: LogFields) => {
    if (LogLevels.indexOf(lvl) < min) return;
    write(
      redactSecrets(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...base, ...fields }, jsonSafe)),
    );
  };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (fields) => createLogger(level, { ...base, ...fields }, write),
  };
}

/** Errors and bigints do not survive JSON.stringify on their own. */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error)
    return { name: value.name, message: value.message, code: (value as { code?: unknown }).code };
  return value;
}
