import { describe, expect, it } from "vitest";
import { LoginLimiter } from "./login-limiter";

const opts = { windowMs: 60_000, maxPerUserAddress: 3, maxPerAddress: 5, maxPerUser: 8, maxKeys: 100 };

describe("LoginLimiter", () => {
  it("locks a user name from the guessing address until the oldest try leaves the window; the user elsewhere still gets in", () => {
    const l = new LoginLimiter(opts);
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfterMs("Ana", "10.0.0.1", 1000 + i)).toBe(0);
      l.begin("ana", "10.0.0.1", 1000 + i);
    }
    expect(l.retryAfterMs("ANA", "10.0.0.1", 2000)).toBe(59_000);
    expect(l.retryAfterMs("ana", "10.9.9.9", 2000)).toBe(0);
    expect(l.retryAfterMs("bo", "10.0.0.1", 2000)).toBe(0);
    expect(l.retryAfterMs("ana", "10.0.0.1", 60_999)).toBe(1);
    expect(l.retryAfterMs("ana", "10.0.0.1", 61_000)).toBe(0);
  });

  it("counts attempts in flight, so a parallel burst cannot all pass the check", () => {
    const l = new LoginLimiter(opts);
    let admitted = 0;
    for (let i = 0; i < 200; i++) {
      if (l.retryAfterMs("ana", "10.0.0.5", 0) === 0) {
        admitted++;
        l.begin("ana", "10.0.0.5", 0); // verdict not known yet
      }
    }
    expect(admitted).toBe(3);
  });

  it("locks an address that tries many user names, and a user name guessed from many addresses", () => {
    const l = new LoginLimiter(opts);
    for (let i = 0; i < 5; i++) l.begin(`user${i}`, "10.0.0.2", 0);
    expect(l.retryAfterMs("someone-else", "10.0.0.2", 10)).toBe(59_990);
    expect(l.retryAfterMs("someone-else", "10.0.0.3", 10)).toBe(0);
    for (let i = 0; i < 8; i++) l.begin("root", `10.2.0.${i}`, 100);
    expect(l.retryAfterMs("root", "10.3.0.1", 200)).toBe(59_900);
  });

  it("a success takes its count back and clears that user's failures from that address", () => {
    const l = new LoginLimiter(opts);
    l.begin("ana", "10.0.0.4", 1);
    l.begin("ana", "10.0.0.4", 2);
    l.begin("ana", "10.0.0.4", 3)();
    for (let i = 0; i < 3; i++) l.begin("ana", "10.0.0.4", 10 + i);
    expect(l.retryAfterMs("ana", "10.0.0.4", 20)).toBeGreaterThan(0);
    expect(l.retryAfterMs("x", "10.0.0.4", 20)).toBe(59_981); // five left at this address (the success was taken back)
    // Twenty successful sign-ins from one office address never lock it.
    const office = new LoginLimiter(opts);
    for (let i = 0; i < 20; i++) office.begin(`user${i}`, "10.7.0.1", i)();
    expect(office.retryAfterMs("user99", "10.7.0.1", 30)).toBe(0);
  });

  it("stays bounded under a spray of user names", () => {
    const l = new LoginLimiter({ ...opts, maxKeys: 50 });
    for (let i = 0; i < 10_000; i++) l.begin(`spray-${i}`, `10.1.${i >> 8}.${i & 255}`, i);
    expect((l as unknown as { counts: Map<string, number[]> }).counts.size).toBeLessThanOrEqual(50);
  });
});
