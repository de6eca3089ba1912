import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createLogger } from "../log";
import { REDACTED, Secret, redactSecrets } from "./secret";

describe("Secret", () => {
  it("prints as [redacted] however it is turned into text", () => {
    const s = new Secret("correct-horse-battery");
    expect(s.reveal()).toBe("correct-horse-battery");
    expect(JSON.stringify({ password: s })).toBe(`{"password":"${REDACTED}"}`);
    expect(`${s}`).toBe(REDACTED);
    expect(inspect({ s })).not.toContain("correct-horse");
    expect(Object.keys(s)).toEqual([]);
  });

  it("is scrubbed from any text, also inside JSON strings", () => {
    new Secret('pa"ss\\word-9');
    expect(redactSecrets("Connection failed: correct-horse-battery!")).toBe(`Connection failed: ${REDACTED}!`);
    expect(redactSecrets(JSON.stringify({ m: 'x pa"ss\\word-9 y' }))).toBe(`{"m":"x ${REDACTED} y"}`);
    expect(redactSecrets("nothing here")).toBe("nothing here");
  });

  it("replaces a secret containing another one whole", () => {
    new Secret("abcd");
    new Secret("xxabcdxx");
    expect(redactSecrets("1 xxabcdxx 2 abcd")).toBe(`1 ${REDACTED} 2 ${REDACTED}`);
  });
});

describe("log lines", () => {
  it("never carry a secret, whether in the message, a field or an error", () => {
    const lines: string[] = [];
    const log = createLogger("debug", {}, (l) => lines.push(l));
    const pw = new Secret("log-leak-canary-77");
    log.warn("kafkajs said log-leak-canary-77", {
      sasl: { password: pw },
      raw: "log-leak-canary-77",
      err: new Error("bad log-leak-canary-77"),
    });
    log.child({ x: 1 }).debug("again", { v: ["log-leak-canary-77"] });
    expect(lines).toHaveLength(2);
    for (const l of lines) {
      expect(l).not.toContain("log-leak-canary-77");
      expect(() => JSON.parse(l)).not.toThrow();
    }
    expect(lines[0]).toContain(REDACTED);
  });
});
