import { describe, expect, it } from "vitest";
import { countBody, failureBody, limits, percent, percentText, rateBody } from "./format";

describe("scenario lever formatting", () => {
  it("reads the levers' ranges from the contract", () => {
    expect(limits).toEqual({
      rate: { min: 0, max: 200 },
      poison: { min: 1, max: 500 },
      duplicates: { min: 1, max: 500 },
    });
  });

  it("prints shares as percents, and a service without a failing step as a dash", () => {
    expect(percent(0.15)).toBe("15 %");
    expect(percent(0.125)).toBe("12.5 %");
    expect(percent(0)).toBe("0 %");
    expect(percent(1)).toBe("100 %");
    expect(percent(null)).toBe("—");
    expect(percentText(0.07)).toBe("7");
    expect(percentText(null)).toBe("");
  });

  it("turns a typed rate into the lever's body, or says what is wrong", () => {
    expect(rateBody("25")).toEqual({ ok: true, body: { ordersPerSecond: 25 } });
    expect(rateBody("0")).toEqual({ ok: true, body: { ordersPerSecond: 0 } });
    expect(rateBody(" 2.5 ")).toEqual({ ok: true, body: { ordersPerSecond: 2.5 } });
    for (const bad of ["", "  ", "201", "-1", "ten"])
      expect(rateBody(bad), bad).toEqual({
        ok: false,
        message: "The order rate is a number from 0 to 200 per second.",
      });
  });

  it("turns a typed percent into a share of 0–1", () => {
    expect(failureBody("payment-service", "15")).toEqual({
      ok: true,
      body: { service: "payment-service", share: 0.15 },
    });
    expect(failureBody("shipping-service", "100")).toEqual({
      ok: true,
      body: { service: "shipping-service", share: 1 },
    });
    expect(failureBody("inventory-service", "0")).toEqual({
      ok: true,
      body: { service: "inventory-service", share: 0 },
    });
    for (const bad of ["", "101", "-5", "x"]) expect(failureBody("payment-service", bad).ok, bad).toBe(false);
  });

  it("takes whole counts in range only", () => {
    expect(countBody("poison", "5")).toEqual({ ok: true, body: { count: 5 } });
    expect(countBody("duplicates", "500")).toEqual({ ok: true, body: { count: 500 } });
    for (const bad of ["", "0", "501", "2.5", "many"])
      expect(countBody("duplicates", bad), bad).toEqual({
        ok: false,
        message: "The count is a whole number from 1 to 500.",
      });
  });
});
