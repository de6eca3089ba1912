import { describe, expect, it } from "vitest";
import { checkSameOrigin, clientAddress, isLoopback } from "./origin";

describe("checkSameOrigin", () => {
  const json = { "content-type": "application/json", host: "127.0.0.1:3000" };
  it("accepts JSON from this origin or without an Origin header", () => {
    expect(checkSameOrigin({ method: "POST", headers: { ...json, origin: "http://127.0.0.1:3000" } }).ok).toBe(true);
    expect(checkSameOrigin({ method: "POST", headers: json }).ok).toBe(true);
  });
  it("refuses another origin, a null origin and non-JSON bodies", () => {
    expect(checkSameOrigin({ method: "POST", headers: { ...json, origin: "http://evil.example" } })).toMatchObject({
      status: 403,
      code: "CROSS_ORIGIN",
    });
    expect(checkSameOrigin({ method: "POST", headers: { ...json, origin: "null" } })).toMatchObject({
      code: "CROSS_ORIGIN",
    });
    expect(
      checkSameOrigin({
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", host: "127.0.0.1:3000" },
      }),
    ).toMatchObject({ code: "CROSS_ORIGIN" });
    expect(checkSameOrigin({ method: "POST", headers: { ...json, "sec-fetch-site": "cross-site" } })).toMatchObject({
      code: "CROSS_ORIGIN",
    });
    expect(
      checkSameOrigin({ method: "POST", headers: { "content-type": "application/jsonx", host: "h" } }),
    ).toMatchObject({ code: "CROSS_ORIGIN", message: expect.stringContaining("application/json") });
    expect(
      checkSameOrigin({ method: "POST", headers: { "content-type": "application/json; charset=utf-8", host: "h" } }).ok,
    ).toBe(true);
  });
});

describe("isLoopback", () => {
  it("knows loopback addresses", () => {
    expect(["127.0.0.1", "localhost", "::1", "127.0.1.1"].every(isLoopback)).toBe(true);
    expect(["0.0.0.0", "10.0.0.5", "::"].some(isLoopback)).toBe(false);
  });
});

describe("clientAddress", () => {
  it("is the peer, or with TRUST_PROXY the proxy's last X-Forwarded-For entry; IPv6 per /64", () => {
    const req = { headers: { "x-forwarded-for": "6.6.6.6, 198.51.100.7" }, remoteAddress: "10.0.0.1" };
    expect(clientAddress(req, false)).toBe("10.0.0.1");
    expect(clientAddress(req, true)).toBe("198.51.100.7");
    expect(clientAddress({ headers: {}, remoteAddress: "::ffff:192.0.2.1" }, false)).toBe("192.0.2.1");
    expect(clientAddress({ headers: {}, remoteAddress: "2001:db8:1:2:3:4:5:6" }, false)).toBe("2001:db8:1:2::/64");
  });
});
