import {
  messageId,
  type Command,
  type CommandKind,
  type Reply,
  type ReplyKind,
  type ReturnEvent,
  type ReturnEventKind,
  type ReturnRequest,
  type ReturnRequested,
} from "./messages";

/**
 * Where a return stands in the coordinator's record. No "requested": taking
 * the request and sending RestockItems are one decision. Ended records must
 * be kept for as long as a redelivered ReturnRequested can arrive (or that
 * request deduplicated by event id): forgotten, it would start the return again.
 */
export const ReturnStatuses = ["restocking", "refunding", "cancelling-restock", "completed", "rejected"] as const;
export type ReturnStatus = (typeof ReturnStatuses)[number];

/** The coordinator's record of one return. */
export interface ReturnState {
  returnId: string;
  traceId: string;
  status: ReturnStatus;
  request: ReturnRequest;
  /** The command whose reply the coordinator waits for; null once the return has ended. */
  awaiting: { command: CommandKind; correlationId: string } | null;
}

/** What the coordinator reads: the request that starts a return, and the participants' replies. */
export type CoordinatorInput = ReturnRequested | Reply;

export interface Decision {
  /** The record after the input; null while no return was requested under this id. */
  next: ReturnState | null;
  /** To publish on return-commands, each with `reply-to: return-replies`. */
  commands: Command[];
  /** To publish on returns. */
  events: ReturnEvent[];
}

const nothing = (s: ReturnState | null): Decision => ({ next: s, commands: [], events: [] });

function send(s: ReturnState, status: ReturnStatus, kind: CommandKind): Decision {
  const id = messageId(s.returnId, kind);
  const { orderId, items, amount, currency } = s.request;
  const payload =
    kind === "IssueRefund"
      ? { returnId: s.returnId, orderId, amount, currency }
      : { returnId: s.returnId, orderId, items };
  return {
    next: { ...s, status, awaiting: { command: kind, correlationId: id } },
    commands: [{ kind, returnId: s.returnId, traceId: s.traceId, id, correlationId: id, payload }],
    events: [],
  };
}

function end(
  s: ReturnState,
  status: "completed" | "rejected",
  kind: ReturnEventKind,
  outcome: Record<string, unknown>,
): Decision {
  const payload = { returnId: s.returnId, orderId: s.request.orderId, ...outcome };
  return {
    next: { ...s, status, awaiting: null },
    commands: [],
    events: [
      { kind, returnId: s.returnId, traceId: s.traceId, id: messageId(s.returnId, kind), correlationId: null, payload },
    ],
  };
}

/** The command each reply answers. */
export const answersTo = {
  ItemsRestocked: "RestockItems",
  RestockRefused: "RestockItems",
  RefundIssued: "IssueRefund",
  RefundDeclined: "IssueRefund",
  RestockCancelled: "CancelRestock",
} as const satisfies Record<ReplyKind, CommandKind>;

type OnReply = (s: ReturnState) => Decision;

/** The orchestration: what the coordinator does when the command it waits for is answered. */
export const onReply = {
  ItemsRestocked: (s) => send(s, "refunding", "IssueRefund"),
  RestockRefused: (s) => end(s, "rejected", "ReturnRejected", { reason: "restock-refused", compensated: false }),
  RefundIssued: (s) =>
    end(s, "completed", "ReturnCompleted", { refunded: s.request.amount, currency: s.request.currency }),
  // The refund failed after the items went back on the shelf: undo the restock, then reject.
  RefundDeclined: (s) => send(s, "cancelling-restock", "CancelRestock"),
  RestockCancelled: (s) => end(s, "rejected", "ReturnRejected", { reason: "refund-declined", compensated: true }),
} satisfies Record<ReplyKind, OnReply>;

/**
 * Pure: the coordinator's next record for one return and the messages to
 * publish. `state` is null for a return not seen yet.
 *
 * A repeated ReturnRequested for a known return changes nothing (the
 * generator's send was retried). A reply counts only if it answers the
 * command the coordinator waits for, by kind and by correlation id; anything
 * else (a reply for an unknown return, a second delivery, a late reply after
 * the return moved on or ended) keeps the state and sends nothing: replies
 * arrive at least once and in any order across partitions, and acting on a
 * stale one would refund or cancel twice. Timeouts are not the coordinator's:
 * the dashboard flags a return stuck in a state past its timeoutSec.
 */
export function decide(state: ReturnState | null, input: CoordinatorInput): Decision {
  if (input.kind === "ReturnRequested") {
    if (state) return nothing(state);
    return send(
      {
        returnId: input.returnId,
        traceId: input.traceId,
        status: "restocking",
        request: input.payload,
        awaiting: null,
      },
      "restocking",
      "RestockItems",
    );
  }
  const waiting = state?.awaiting;
  if (!state || waiting?.command !== answersTo[input.kind] || waiting.correlationId !== input.correlationId)
    return nothing(state);
  return onReply[input.kind](state);
}
