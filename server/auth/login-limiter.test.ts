import { describe, expect, it } from "vitest";
import { LoginLimiter } from "./login-limiter";

const opts = { windowMs: 60_000, maxPerUser: 3, maxPerAddress: 5, maxKeys: 100 };

describe("LoginLimiter", () => {
  it("locks a user name after its failures, until the oldest leaves the window", () => {
    const l = new LoginLimiter(opts);
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfterMs("Ana", "10.0.0.1", 1000 + i)).toBe(0);
      l.failed("ana", "10.0.0.1", 1000 + i);
    }
    // Same user from anywhere, any case: locked until 1000 + 60 s.
    expect(l.retryAfterMs("ANA", "10.9.9.9", 2000)).toBe(59_000);
    expect(l.retryAfterMs("bo", "10.0.0.1", 2000)).toBe(0);
    expect(l.retryAfterMs("ana", "10.0.0.1", 60_999)).toBe(1);
    expect(l.retryAfterMs("ana", "10.0.0.1", 61_000)).toBe(0);
  });

  it("locks an address that tries many user names", () => {
    const l = new LoginLimiter(opts);
    for (let i = 0; i < 5; i++) l.failed(`user${i}`, "10.0.0.2", 0);
    expect(l.retryAfterMs("someone-else", "10.0.0.2", 10)).toBe(59_990);
    expect(l.retryAfterMs("someone-else", "10.0.0.3", 10)).toBe(0);
  });

  it("forgets a user name's failures on success, not the address's", () => {
    const l = new LoginLimiter(opts);
    for (let i = 0; i < 2; i++) l.failed("ana", "10.0.0.4", 0);
    l.succeeded("ana");
    l.failed("ana", "10.0.0.4", 1);
    l.failed("ana", "10.0.0.4", 2);
    expect(l.retryAfterMs("ana", "10.0.0.4", 3)).toBe(0);
    l.failed("ana", "10.0.0.4", 3);
    expect(l.retryAfterMs("x", "10.0.0.4", 4)).toBe(59_996); // five from this address
  });

  it("stays bounded under a spray of user names", () => {
    const l = new LoginLimiter({ ...opts, maxKeys: 50 });
    for (let i = 0; i < 10_000; i++) l.failed(`spray-${i}`, `10.1.${i >> 8}.${i & 255}`, i);
    expect((l as unknown as { failures: Map<string, number[]> }).failures.size).toBeLessThanOrEqual(50);
  });
});
