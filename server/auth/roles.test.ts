import { describe, expect, it } from "vitest";
import { apiRoutes } from "../contract/routes";
import { atLeast, isUnsafe, type Requirement, weaker } from "./roles";

describe("roles", () => {
  it("orders viewer < operator < admin", () => {
    expect(atLeast("admin", "operator")).toBe(true);
    expect(atLeast("operator", "operator")).toBe(true);
    expect(atLeast("viewer", "operator")).toBe(false);
    expect(weaker("admin", "viewer")).toBe("viewer");
    expect(weaker("operator", "admin")).toBe("operator");
  });

  it("every declared route needs what the access policy says: public to sign in, viewer to read, operator to act, admin to administer", () => {
    const policy = (method: string, path: string): Requirement => {
      if (
        ["/healthz", "/readyz", "/api/auth/login"].includes(path) ||
        (path === "/api/auth/session" && method === "get")
      )
        return "public";
      if (path === "/api/auth/logout" || path === "/api/auth/password") return "signed-in";
      if (path.startsWith("/api/admin/")) return "admin";
      if (method === "get") return "viewer";
      // A trace scan only reads (a throwaway consumer, no commits): starting and cancelling one is a viewer's.
      if (path === "/api/traces/{id}/scans" || path === "/api/traces/scans/{scanId}") return "viewer";
      if (path.startsWith("/api/dlq/") || path.startsWith("/api/demo/")) return "operator";
      return "admin";
    };
    const all = Object.values(apiRoutes).flatMap((group) => Object.values(group));
    expect(all.length).toBeGreaterThan(40);
    const wrong = all
      .filter((r) => r.role !== policy(r.method, r.path))
      .map((r) => `${r.method} ${r.path}: ${r.role}, policy ${policy(r.method, r.path)}`);
    expect(wrong).toEqual([]);
  });

  it("knows which methods change state", () => {
    expect(["POST", "PUT", "PATCH", "DELETE"].every(isUnsafe)).toBe(true);
    expect(["GET", "HEAD", "OPTIONS"].some(isUnsafe)).toBe(false);
  });
});
