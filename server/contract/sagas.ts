/** REST shapes of the saga views (server/sagas/routes.ts). */

export type TerminalKindView = "completed" | "compensated" | "failed";
export type AnomalyKindView = "invalid-transition" | "duplicate" | "out-of-order" | "stuck";

export interface SagaSummaryView {
  name: string;
  description: string | null;
  style: "choreography" | "orchestration";
  topics: string[];
  live: number;
  byState: Record<string, number>;
  finished: Record<TerminalKindView, number>;
  rates: Record<TerminalKindView, number>;
  durationMs: { p50: number | null; p95: number | null };
  stuck: number;
  anomalies: Record<AnomalyKindView, number>;
  evictedLive: number;
  unreadable: number;
}

export interface CatchUpView {
  state: "idle" | "catching-up" | "live" | "failed";
  read: number;
  total: number;
  since: number | null;
  error: string | null;
  overflow: number;
}

export interface BrokenDefinitionView {
  file: string;
  saga: string | null;
  errors: Array<{ field: string; message: string }>;
}

export interface SagaList {
  sagas: SagaSummaryView[];
  broken: BrokenDefinitionView[];
  catchUp: CatchUpView;
}

export interface SagaDefinitionView {
  name: string;
  initial: string;
  states: Record<string, { terminal?: TerminalKindView; timeoutSec?: number; description?: string }>;
  transitions: Array<{ from: string; event: string; to: string; compensation: boolean }>;
}

export interface SagaDetail {
  summary: SagaSummaryView;
  definition: SagaDefinitionView;
  catchUp: CatchUpView;
}

export interface InstanceSummaryView {
  id: string;
  state: string;
  terminal: TerminalKindView | null;
  startedAt: number;
  lastEventAt: number;
  events: number;
  anomalies: AnomalyKindView[];
  stuck: boolean;
}

export interface InstanceView extends InstanceSummaryView {
  saga: string;
  enteredAt: number;
  history: Array<{
    type: string;
    topic: string;
    partition: number;
    offset: string;
    timestamp: number;
    eventId: string | null;
    from: string;
    to: string;
    compensation: boolean;
    refused: "invalid-transition" | "duplicate" | null;
  }>;
  anomalyList: Array<{ kind: AnomalyKindView; at: number; message: string; record: { topic: string; partition: number; offset: string } | null }>;
  steps: Array<{ state: string; from: number; to: number | null }>;
}
