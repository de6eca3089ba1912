import { describe, expect, it } from "vitest";
import { redact, resolveDatabase } from "./url";

describe("resolveDatabase", () => {
  it("defaults to SQLite in the data dir", () => {
    expect(resolveDatabase(undefined, "/var/lib/s")).toEqual({
      provider: "sqlite",
      location: "/var/lib/s/sagascope.db",
      display: "file:/var/lib/s/sagascope.db",
    });
  });

  it("resolves relative and absolute file: URLs", () => {
    expect(resolveDatabase("file:./x.db", "/d").location).toBe("/d/x.db");
    expect(resolveDatabase("file:/abs/x.db", "/d").location).toBe("/abs/x.db");
  });

  it("selects PostgreSQL and never shows its password", () => {
    const t = resolveDatabase("postgresql://u:s3cret@db:5432/app", "/d");
    expect(t.provider).toBe("postgresql");
    expect(t.display).toBe("postgresql://u:***@db:5432/app");
    expect(resolveDatabase("postgres://u:p@h/db", "/d").provider).toBe("postgresql");
  });

  it("refuses other schemes without echoing secrets", () => {
    expect(() => resolveDatabase("mysql://u:hunter2@h/db", "/d")).toThrow(/mysql:\/\/u:\*\*\*@h\/db/);
  });

  it("redacts only the password", () => {
    expect(redact("postgresql://user@h/db")).toBe("postgresql://user@h/db");
  });
});
