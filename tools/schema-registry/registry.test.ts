import { describe, expect, it } from "vitest";
import { registryCacheDir } from "./registry";

describe("schema registry build cache", () => {
  it("is named by the Apicurio version and a hash of the build inputs, under SAGASCOPE_CACHE_DIR or XDG_CACHE_HOME", () => {
    expect(registryCacheDir({ SAGASCOPE_CACHE_DIR: "/c" })).toMatch(
      /^\/c\/schema-registry-2\.4\.2\.Final-[0-9a-f]{10}$/,
    );
    expect(registryCacheDir({ XDG_CACHE_HOME: "/x" })).toMatch(/^\/x\/sagascope\/schema-registry-/);
    // Same inputs, same folder: a build is reused, not redone.
    expect(registryCacheDir({ SAGASCOPE_CACHE_DIR: "/c" })).toBe(registryCacheDir({ SAGASCOPE_CACHE_DIR: "/c" }));
  });
});
