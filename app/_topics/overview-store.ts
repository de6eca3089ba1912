import { socketTopics, type OverviewSummary } from "@contract";

/** The latest cluster summary from the server; replaced whole once a second. Topic rows: use-topics-view.ts. */
export class OverviewStore {
  private overview: OverviewSummary | null = null;
  private listeners = new Set<() => void>();
  invalid = 0;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): OverviewSummary | null => this.overview;

  receive(payload: unknown): void {
    const parsed = socketTopics.overview.schema.safeParse(payload);
    if (!parsed.success) {
      this.invalid += 1;
      return;
    }
    this.overview = parsed.data;
    for (const l of this.listeners) l();
  }
}
