import type { RequestFacts } from "../auth/origin";

// The dead-letter routes are served by the route table (server/dlq/api.ts).
// These two shapes remain only while the old edge (server/http/routes.ts)
// still names them; they go with it.

export interface DlqRequest extends RequestFacts {
  pathname: string;
  query: URLSearchParams;
  body: unknown;
  actor: string;
}

export interface DlqResponse {
  status: number;
  body: unknown;
  raw?: { contentType: string; data: Buffer; filename?: string };
}
