import { describe, expect, it } from "vitest";
import { checkSameOrigin, isLoopback } from "./origin";

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
    expect(checkSameOrigin({ method: "POST", headers: { ...json, "sec-fetch-site": "cross-site" } })).toMatchObject({ code: "CROSS_ORIGIN" });
  });
});

describe("isLoopback", () => {
  it("knows loopback addresses", () => {
    expect(["127.0.0.1", "localhost", "::1", "127.0.1.1"].every(isLoopback)).toBe(true);
    expect(["0.0.0.0", "10.0.0.5", "::"].some(isLoopback)).toBe(false);
  });
});
