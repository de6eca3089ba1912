import { describe, expect, it } from "vitest";
import { parseCookies, sessionCookie, SESSION_COOKIE } from "./cookies";

describe("cookies", () => {
  it("parses a Cookie header, first value wins, garbage skipped", () => {
    const c = parseCookies(
      `a=1; ${SESSION_COOKIE}=s%2Fx; broken; =nameless; ${SESSION_COOKIE}=second; q="quoted"; bad=%E0%A4%A`,
    );
    expect(c.get("a")).toBe("1");
    expect(c.get(SESSION_COOKIE)).toBe("s/x");
    expect(c.get("q")).toBe("quoted");
    expect(c.has("bad")).toBe(false);
    expect(parseCookies(undefined).size).toBe(0);
  });

  it("makes an httpOnly, SameSite=Strict cookie, Secure on request, deletable with Max-Age=0", () => {
    expect(sessionCookie("abc", { maxAgeSec: 3600, secure: false })).toBe(
      `${SESSION_COOKIE}=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600`,
    );
    expect(sessionCookie("abc", { maxAgeSec: 60, secure: true })).toMatch(/; Secure$/);
    expect(sessionCookie("", { maxAgeSec: 0, secure: false })).toContain("Max-Age=0");
  });
});
