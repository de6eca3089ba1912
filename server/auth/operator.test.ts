import { describe, expect, it } from "vitest";
import { authoriseOperator, checkSameOrigin, isLoopback } from "./operator";

describe("authoriseOperator", () => {
  it("is open on loopback without a token, and says so in the actor", () => {
    expect(authoriseOperator({ token: null, loopback: true }, { method: "POST", headers: { "x-sagascope-operator": "ana" } })).toEqual({ ok: true, actor: "ana (loopback, no login)" });
  });
  it("refuses everything on other addresses when no token is configured", () => {
    expect(authoriseOperator({ token: null, loopback: false }, { method: "POST", headers: {} })).toEqual({ ok: false, status: 403, code: "FORBIDDEN" });
  });
  it("requires the configured bearer token", () => {
    const access = { token: "s3cret-token", loopback: true };
    expect(authoriseOperator(access, { method: "POST", headers: {} })).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
    expect(authoriseOperator(access, { method: "POST", headers: { authorization: "Bearer wrong" } })).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(authoriseOperator(access, { method: "POST", headers: { authorization: "Bearer s3cret-token", "x-sagascope-operator": "bo" } })).toEqual({ ok: true, actor: "bo (token)" });
  });
});

describe("checkSameOrigin", () => {
  const json = { "content-type": "application/json", host: "127.0.0.1:3000" };
  it("accepts JSON from this origin or without an Origin header", () => {
    expect(checkSameOrigin({ method: "POST", headers: { ...json, origin: "http://127.0.0.1:3000" } }).ok).toBe(true);
    expect(checkSameOrigin({ method: "POST", headers: json }).ok).toBe(true);
  });
  it("refuses another origin, a null origin and non-JSON bodies", () => {
    expect(checkSameOrigin({ method: "POST", headers: { ...json, origin: "http://evil.example" } })).toMatchObject({ status: 403, code: "CROSS_ORIGIN" });
    expect(checkSameOrigin({ method: "POST", headers: { ...json, origin: "null" } })).toMatchObject({ code: "CROSS_ORIGIN" });
    expect(checkSameOrigin({ method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", host: "127.0.0.1:3000" } })).toMatchObject({ code: "CROSS_ORIGIN" });
  });
});

describe("isLoopback", () => {
  it("knows loopback addresses", () => {
    expect(["127.0.0.1", "localhost", "::1", "127.0.1.1"].every(isLoopback)).toBe(true);
    expect(["0.0.0.0", "10.0.0.5", "::"].some(isLoopback)).toBe(false);
  });
});
