import { describe, expect, it } from "vitest";
import { deadLetterMatcher } from "./patterns";

describe("deadLetterMatcher", () => {
  const isDlt = deadLetterMatcher();

  it("recognises the default dead-letter naming conventions", () => {
    for (const t of [
      "orders.DLT",
      "orders-dlt",
      "payments.dlq",
      "payments-dlq",
      "dlq.orders",
      "orders.deadletter",
      "orders.dlt",
    ]) {
      expect(isDlt(t), t).toBe(true);
    }
  });

  it("leaves ordinary topics alone, even ones that merely contain the words", () => {
    for (const t of ["orders", "dlt-orders", "orders.DLT.archive", "orders_dlq", "dlqorders"])
      expect(isDlt(t), t).toBe(false);
  });

  it("takes custom patterns and an explicit list, treating dots literally", () => {
    const custom = deadLetterMatcher(["*.failed"], ["poison-pile"]);
    expect(custom("orders.failed")).toBe(true);
    expect(custom("ordersXfailed")).toBe(false);
    expect(custom("poison-pile")).toBe(true);
    expect(custom("orders.DLT")).toBe(false);
  });
});
