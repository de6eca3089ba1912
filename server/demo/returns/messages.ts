import { z } from "zod";

/**
 * The demo's return saga, orchestrated: `return-coordinator` sends commands
 * to the participants and moves on when their replies come back, where the
 * order saga (../rules.ts) is a choreography of services reacting to each other.
 */

/** The coordinator's own events: the saga's start (sent by the order generator) and its two ends. */
export const ReturnEventKinds = ["ReturnRequested", "ReturnCompleted", "ReturnRejected"] as const;
/** Commands the coordinator sends; CancelRestock is the compensation of RestockItems. */
export const CommandKinds = ["RestockItems", "IssueRefund", "CancelRestock"] as const;
/** Participants' replies, each answering one command. */
export const ReplyKinds = [
  "ItemsRestocked",
  "RestockRefused",
  "RefundIssued",
  "RefundDeclined",
  "RestockCancelled",
] as const;
export const MessageKinds = [...ReturnEventKinds, ...CommandKinds, ...ReplyKinds] as const;

export type ReturnEventKind = (typeof ReturnEventKinds)[number];
export type CommandKind = (typeof CommandKinds)[number];
export type ReplyKind = (typeof ReplyKinds)[number];
export type MessageKind = (typeof MessageKinds)[number];

const guard =
  <K extends string>(kinds: readonly K[]) =>
  (v: unknown): v is K =>
    typeof v === "string" && (kinds as readonly string[]).includes(v);
export const isReturnEventKind = guard(ReturnEventKinds);
export const isCommandKind = guard(CommandKinds);
export const isReplyKind = guard(ReplyKinds);
export const isMessageKind = guard(MessageKinds);

/** Base topic names; the demo adds its prefix. */
export const ReturnTopics = { returns: "returns", commands: "return-commands", replies: "return-replies" } as const;
export type ReturnTopic = (typeof ReturnTopics)[keyof typeof ReturnTopics];

export const topicOf = {
  ReturnRequested: "returns",
  ReturnCompleted: "returns",
  ReturnRejected: "returns",
  RestockItems: "return-commands",
  IssueRefund: "return-commands",
  CancelRestock: "return-commands",
  ItemsRestocked: "return-replies",
  RestockRefused: "return-replies",
  RefundIssued: "return-replies",
  RefundDeclined: "return-replies",
  RestockCancelled: "return-replies",
} as const satisfies Record<MessageKind, ReturnTopic>;

export const Participants = ["inventory-service", "payment-service"] as const;
export type Participant = (typeof Participants)[number];
/** Who sends a return message: the order generator starts a return, the coordinator and participants do the rest. */
export type ReturnSource = "order-service" | "return-coordinator" | Participant;

/** Which participant carries out each command (all participants read return-commands and skip the others'). */
export const recipientOf = {
  RestockItems: "inventory-service",
  IssueRefund: "payment-service",
  CancelRestock: "inventory-service",
} as const satisfies Record<CommandKind, Participant>;

/** What a return asks for; the ReturnRequested payload, parsed at the edge. */
export const returnRequestSchema = z.object({
  orderId: z.string().min(1),
  items: z.array(z.object({ sku: z.string().min(1), qty: z.number().int().positive() })).min(1),
  amount: z.number().positive(),
  currency: z.string().min(1),
  reason: z.string(),
});
export type ReturnRequest = z.infer<typeof returnRequestSchema>;

/**
 * One message of a return saga. `returnId` is the saga id; `id` is the event
 * id. `correlationId` is set on commands (the command's own id) and echoed
 * by the reply that answers it; null on the coordinator's events.
 */
export interface ReturnMessage<K extends MessageKind = MessageKind> {
  kind: K;
  returnId: string;
  traceId: string;
  id: string;
  correlationId: string | null;
  payload: Record<string, unknown>;
}
export type ReturnRequested = ReturnMessage<"ReturnRequested"> & { payload: ReturnRequest };
export type Command = ReturnMessage<CommandKind> & { correlationId: string };
export type Reply = ReturnMessage<ReplyKind> & { correlationId: string };
export type ReturnEvent = ReturnMessage<ReturnEventKind>;

/**
 * Event ids are derived, not random: a kind occurs at most once in a return,
 * so `<return id>:<kind>` is unique, and a message recomputed after a crash
 * (the same input decided again) keeps its id and is deduplicated downstream.
 */
export const messageId = (returnId: string, kind: MessageKind) => `${returnId}:${kind}`;

/** Narrowing guards for a message read at the edge (see wire.ts readReturnMessage). */
export const isReturnRequested = (m: ReturnMessage): m is ReturnRequested =>
  m.kind === "ReturnRequested" && returnRequestSchema.safeParse(m.payload).success;
export const isCommand = (m: ReturnMessage): m is Command => isCommandKind(m.kind) && m.correlationId !== null;
export const isReply = (m: ReturnMessage): m is Reply => isReplyKind(m.kind) && m.correlationId !== null;
