import {
  messageId,
  recipientOf,
  type Command,
  type CommandKind,
  type Participant,
  type Reply,
  type ReplyKind,
} from "./messages";
import type { Rng } from "../orders";

/** Share of commands each participant refuses: RestockItems by inventory, IssueRefund by payment. */
export type ParticipantShares = Readonly<Record<Participant, number>>;

type Answer = (rng: Rng, shares: ParticipantShares) => { kind: ReplyKind; payload: Record<string, unknown> };

const chance = (rng: Rng, p: number) => rng() < p;

/**
 * How the participant a command is for answers it. The compensation
 * (CancelRestock) always succeeds: a compensation that can fail leaves the
 * saga with nothing left to undo it, so a real one is retried until it does.
 */
export const answers = {
  RestockItems: (rng, s) =>
    chance(rng, s["inventory-service"])
      ? { kind: "RestockRefused", payload: { reason: "items arrived damaged" } }
      : { kind: "ItemsRestocked", payload: {} },
  IssueRefund: (rng, s) =>
    chance(rng, s["payment-service"])
      ? { kind: "RefundDeclined", payload: { reason: "card account closed" } }
      : { kind: "RefundIssued", payload: {} },
  CancelRestock: () => ({ kind: "RestockCancelled", payload: {} }),
} satisfies Record<CommandKind, Answer>;

/** What `service` replies to `command`: one reply, or nothing when the command is for another participant. Pure but for `rng`. */
export function answer(service: Participant, command: Command, rng: Rng, shares: ParticipantShares): Reply[] {
  if (recipientOf[command.kind] !== service) return [];
  const { kind, payload } = answers[command.kind](rng, shares);
  return [
    {
      kind,
      returnId: command.returnId,
      traceId: command.traceId,
      id: messageId(command.returnId, kind),
      correlationId: command.correlationId,
      payload: { returnId: command.returnId, ...payload },
    },
  ];
}
