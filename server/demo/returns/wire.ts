import { traceIdOf, traceparent } from "../events";
import {
  isCommand,
  isCommandKind,
  isMessageKind,
  isReply,
  isReplyKind,
  isReturnRequested,
  ReturnTopics,
  type ReturnMessage,
  type ReturnSource,
} from "./messages";

/**
 * Kafka headers of a return message: the order saga's names (events.ts
 * eventHeaders: saga-id, event-type, event-id, traceparent, CloudEvents
 * ce_*), so one definition style reads both sagas, plus the request/reply
 * pair: `correlation-id` on commands and replies, `reply-to` on commands.
 * Own builder rather than eventHeaders, whose event and source types are the
 * order saga's. `replyTo` is the prefixed replies topic in the running demo.
 */
export function returnHeaders(
  m: ReturnMessage,
  source: ReturnSource,
  replyTo: string = ReturnTopics.replies,
): Record<string, string> {
  const headers: Record<string, string> = {
    "saga-id": m.returnId,
    "event-type": m.kind,
    "event-id": m.id,
    traceparent: traceparent(m.traceId),
    "content-type": "application/json",
    ce_id: m.id,
    ce_type: `com.sagascope.demo.${m.kind}`,
    ce_source: `/demo/${source}`,
    ce_specversion: "1.0",
  };
  if (m.correlationId !== null) headers["correlation-id"] = m.correlationId;
  if (isCommandKind(m.kind)) headers["reply-to"] = replyTo;
  return headers;
}

/**
 * The edge's parse: a record's headers (last value of each, as text) and
 * value back to a message, or null when it is not a well-formed return
 * message (the caller dead-letters or skips it): commands and replies need a
 * correlation id, ReturnRequested a valid request; other payloads are kept as sent.
 * Narrow the result with isReturnRequested, isCommand, isReply.
 */
export function readReturnMessage(
  header: (name: string) => string | undefined,
  value: string | null,
): ReturnMessage | null {
  const kind = header("event-type");
  const returnId = header("saga-id");
  const id = header("event-id");
  const traceId = traceIdOf(header("traceparent"));
  if (!isMessageKind(kind) || !returnId || !id || !traceId) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(value ?? "");
  } catch {
    return null;
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return null;
  const m: ReturnMessage = {
    kind,
    returnId,
    traceId,
    id,
    correlationId: header("correlation-id") ?? null,
    payload: payload as Record<string, unknown>,
  };
  const wellFormed =
    kind === "ReturnRequested"
      ? isReturnRequested(m)
      : isCommandKind(kind)
        ? isCommand(m)
        : isReplyKind(kind)
          ? isReply(m)
          : true;
  return wellFormed ? m : null;
}
