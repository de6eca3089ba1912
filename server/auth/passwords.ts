import { randomBytes } from "node:crypto";
import { argon2id, argon2Verify } from "hash-wasm";

/**
 * argon2id with OWASP's smallest recommended cost (19 MiB, 2 passes, 1 lane):
 * about 40 ms here. hash-wasm is WebAssembly, so nothing native has to be
 * built or downloaded at install time (the node-gyp/prebuilt packages would).
 */
const COST = { parallelism: 1, iterations: 2, memorySize: 19456, hashLength: 32 } as const;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  if (username && password.toLowerCase() === username.toLowerCase()) return "must not be the user name";
  return null;
}

/**
 * hash-wasm runs on the event loop (~40 ms a hash): at most two at a time, so
 * a burst of sign-ins queues here instead of stalling the live stream.
 */
const MAX_RUNNING = 2;
let running = 0;
const waiting: Array<() => void> = [];
async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export function hashPassword(password: string): Promise<string> {
  return exclusive(() => argon2id({ password, salt: randomBytes(16), ...COST, outputType: "encoded" }));
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  try {
    return await exclusive(() => argon2Verify({ password, hash }));
  } catch {
    return false; // a corrupt hash is a failed login, not a crash
  }
}

/** A real hash of nothing, verified when the user does not exist so a miss costs what a hit costs. */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(24).toString("base64"));
  return decoy;
}
