import { describe, expect, it } from "vitest";
import { decide, type ReturnState } from "./coordinator";
import { messageId, type Reply, type ReplyKind, type ReturnRequested } from "./messages";

const trace = "4bf92f3577b34da6a3ce929d0e0e4736";
const request: ReturnRequested = {
  kind: "ReturnRequested",
  returnId: "r-1",
  traceId: trace,
  id: "r-1:ReturnRequested",
  correlationId: null,
  payload: {
    orderId: "o-1",
    items: [{ sku: "KB-MECH-87", qty: 1 }],
    amount: 129,
    currency: "EUR",
    reason: "wrong size",
  },
};
/** The reply a participant sends to the command `to` (correlation id = the command's id). */
const reply = (kind: ReplyKind, to: string, returnId = "r-1"): Reply => ({
  kind,
  returnId,
  traceId: trace,
  id: messageId(returnId, kind),
  correlationId: to,
  payload: {},
});

/** Drives the coordinator through replies, answering each command it sends. */
function run(...kinds: ReplyKind[]) {
  let d = decide(null, request);
  const sent = [...d.commands.map((c) => c.kind), ...d.events.map((e) => e.kind)];
  for (const k of kinds) {
    d = decide(d.next, reply(k, d.next!.awaiting!.correlationId));
    sent.push(...d.commands.map((c) => c.kind), ...d.events.map((e) => e.kind));
  }
  return { state: d.next!, sent, last: d };
}

describe("return coordinator", () => {
  it("takes a request by sending RestockItems to the inventory service, with a correlation id it then waits for", () => {
    const d = decide(null, request);
    expect(d.next).toMatchObject({
      returnId: "r-1",
      status: "restocking",
      awaiting: { command: "RestockItems", correlationId: "r-1:RestockItems" },
    });
    expect(d.commands).toEqual([
      {
        kind: "RestockItems",
        returnId: "r-1",
        traceId: trace,
        id: "r-1:RestockItems",
        correlationId: "r-1:RestockItems",
        payload: { returnId: "r-1", orderId: "o-1", items: [{ sku: "KB-MECH-87", qty: 1 }] },
      },
    ]);
    expect(d.events).toEqual([]);
  });

  it("happy path: restocked, then refunded, then completed", () => {
    const { state, sent, last } = run("ItemsRestocked", "RefundIssued");
    expect(sent).toEqual(["RestockItems", "IssueRefund", "ReturnCompleted"]);
    expect(state).toMatchObject({ status: "completed", awaiting: null });
    expect(last.events[0]).toMatchObject({
      id: "r-1:ReturnCompleted",
      payload: { returnId: "r-1", orderId: "o-1", refunded: 129, currency: "EUR" },
    });
  });

  it("sends IssueRefund with the amount to refund", () => {
    const { last } = run("ItemsRestocked");
    expect(last.commands).toEqual([
      expect.objectContaining({
        kind: "IssueRefund",
        correlationId: "r-1:IssueRefund",
        payload: { returnId: "r-1", orderId: "o-1", amount: 129, currency: "EUR" },
      }),
    ]);
    expect(last.next).toMatchObject({ status: "refunding", awaiting: { command: "IssueRefund" } });
  });

  it("a refused restock rejects the return with nothing to undo", () => {
    const { state, sent, last } = run("RestockRefused");
    expect(sent).toEqual(["RestockItems", "ReturnRejected"]);
    expect(state.status).toBe("rejected");
    expect(last.events[0]!.payload).toMatchObject({ reason: "restock-refused", compensated: false });
  });

  it("a declined refund undoes the restock (CancelRestock), then rejects the return as compensated", () => {
    const declined = run("ItemsRestocked", "RefundDeclined");
    expect(declined.state).toMatchObject({
      status: "cancelling-restock",
      awaiting: { command: "CancelRestock", correlationId: "r-1:CancelRestock" },
    });
    expect(declined.last.commands[0]!.payload).toEqual({
      returnId: "r-1",
      orderId: "o-1",
      items: [{ sku: "KB-MECH-87", qty: 1 }],
    });
    const { state, sent, last } = run("ItemsRestocked", "RefundDeclined", "RestockCancelled");
    expect(sent).toEqual(["RestockItems", "IssueRefund", "CancelRestock", "ReturnRejected"]);
    expect(state.status).toBe("rejected");
    expect(last.events[0]!.payload).toMatchObject({ reason: "refund-declined", compensated: true });
  });

  describe("ignores, keeping the state and sending nothing", () => {
    const nothing = (state: ReturnState | null) => ({ next: state, commands: [], events: [] });

    it("a second ReturnRequested for a known return", () => {
      const s = decide(null, request).next;
      expect(decide(s, request)).toEqual(nothing(s));
      const done = run("RestockRefused").state;
      expect(decide(done, request)).toEqual(nothing(done));
    });

    it("a reply for a return it never saw", () => {
      expect(decide(null, reply("ItemsRestocked", "r-9:RestockItems", "r-9"))).toEqual(nothing(null));
    });

    it("a duplicate reply (delivered twice)", () => {
      const { state } = run("ItemsRestocked");
      expect(decide(state, reply("ItemsRestocked", "r-1:RestockItems"))).toEqual(nothing(state));
    });

    it("a late reply after the return ended, and a second, contradicting answer", () => {
      const done = run("ItemsRestocked", "RefundIssued").state;
      for (const k of ["RefundDeclined", "RefundIssued", "RestockRefused"] as const)
        expect(
          decide(done, reply(k, done.returnId + ":" + (k === "RestockRefused" ? "RestockItems" : "IssueRefund"))),
        ).toEqual(nothing(done));
      const refused = run("RestockRefused").state;
      expect(decide(refused, reply("ItemsRestocked", "r-1:RestockItems"))).toEqual(nothing(refused));
    });

    it("a reply that does not answer the awaited command, or carries another correlation id", () => {
      const { state } = run("ItemsRestocked"); // waiting for IssueRefund
      expect(decide(state, reply("RestockCancelled", "r-1:IssueRefund"))).toEqual(nothing(state)); // right id, wrong kind
      expect(decide(state, reply("RefundIssued", "r-1:RestockItems"))).toEqual(nothing(state)); // right kind, wrong id
      expect(decide(state, reply("RefundIssued", "r-1:IssueRefund"))).toMatchObject({ next: { status: "completed" } });
    });
  });
});
