import { describe, expect, it } from "vitest";
import { atLeast, isUnsafe, requiredRole, weaker } from "./roles";

describe("roles", () => {
  it("orders viewer < operator < admin", () => {
    expect(atLeast("admin", "operator")).toBe(true);
    expect(atLeast("operator", "operator")).toBe(true);
    expect(atLeast("viewer", "operator")).toBe(false);
    expect(weaker("admin", "viewer")).toBe("viewer");
    expect(weaker("operator", "admin")).toBe("operator");
  });

  it("maps every route to what it needs; unknown writes need admin, unknown reads viewer", () => {
    expect(requiredRole("GET", "/healthz")).toBe("public");
    expect(requiredRole("GET", "/readyz")).toBe("public");
    expect(requiredRole("POST", "/api/auth/login")).toBe("public");
    expect(requiredRole("GET", "/api/auth/session")).toBe("public");
    expect(requiredRole("POST", "/api/auth/logout")).toBe("signed-in");
    expect(requiredRole("GET", "/metrics")).toBe("viewer");
    expect(requiredRole("GET", "/api/topics")).toBe("viewer");
    expect(requiredRole("GET", "/api/dlq/messages")).toBe("viewer");
    expect(requiredRole("GET", "/api/audit")).toBe("viewer");
    expect(requiredRole("POST", "/api/dlq/messages/x/retry")).toBe("operator");
    expect(requiredRole("POST", "/api/dlq/redrives")).toBe("operator");
    expect(requiredRole("DELETE", "/api/dlq/redrives/r1")).toBe("operator");
    expect(requiredRole("GET", "/api/demo")).toBe("viewer");
    expect(requiredRole("POST", "/api/demo/rate")).toBe("operator");
    expect(requiredRole("POST", "/api/demo/outage")).toBe("operator");
    expect(requiredRole("GET", "/api/admin/users")).toBe("admin");
    expect(requiredRole("POST", "/api/admin/tokens")).toBe("admin");
    expect(requiredRole("POST", "/api/sagas/x")).toBe("admin");
    expect(requiredRole("PUT", "/api/anything-new")).toBe("admin");
    expect(requiredRole("POST", "/api/demonstrate")).toBe("admin");
  });

  it("knows which methods change state", () => {
    expect(["POST", "PUT", "PATCH", "DELETE"].every(isUnsafe)).toBe(true);
    expect(["GET", "HEAD", "OPTIONS"].some(isUnsafe)).toBe(false);
  });
});
