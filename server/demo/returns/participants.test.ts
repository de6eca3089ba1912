import { describe, expect, it } from "vitest";
import { answer } from "./participants";
import type { Command, CommandKind } from "./messages";

const command = (kind: CommandKind): Command => ({
  kind,
  returnId: "r-1",
  traceId: "t",
  id: `r-1:${kind}`,
  correlationId: `r-1:${kind}`,
  payload: {},
});
const shares = { "inventory-service": 0.3, "payment-service": 0.6 };
const kinds = (service: "inventory-service" | "payment-service", kind: CommandKind, r: number) =>
  answer(service, command(kind), () => r, shares).map((x) => x.kind);

describe("return participants", () => {
  it("inventory restocks, or refuses by its share", () => {
    expect(kinds("inventory-service", "RestockItems", 0.29)).toEqual(["RestockRefused"]);
    expect(kinds("inventory-service", "RestockItems", 0.3)).toEqual(["ItemsRestocked"]);
  });

  it("payment refunds, or declines by its share", () => {
    expect(kinds("payment-service", "IssueRefund", 0.59)).toEqual(["RefundDeclined"]);
    expect(kinds("payment-service", "IssueRefund", 0.6)).toEqual(["RefundIssued"]);
  });

  it("inventory always cancels a restock (the compensation cannot fail), whatever its share", () => {
    expect(
      answer("inventory-service", command("CancelRestock"), () => 0, {
        "inventory-service": 1,
        "payment-service": 1,
      }).map((x) => x.kind),
    ).toEqual(["RestockCancelled"]);
  });

  it("answers only the commands meant for it", () => {
    expect(kinds("payment-service", "RestockItems", 0.9)).toEqual([]);
    expect(kinds("payment-service", "CancelRestock", 0.9)).toEqual([]);
    expect(kinds("inventory-service", "IssueRefund", 0.9)).toEqual([]);
  });

  it("echoes the command's correlation id and derives the reply's id", () => {
    expect(answer("payment-service", command("IssueRefund"), () => 0, shares)).toEqual([
      {
        kind: "RefundDeclined",
        returnId: "r-1",
        traceId: "t",
        id: "r-1:RefundDeclined",
        correlationId: "r-1:IssueRefund",
        payload: { returnId: "r-1", reason: "card account closed" },
      },
    ]);
  });
});
