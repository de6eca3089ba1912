import { socketTopics, type ServerStatus, type WireRecord } from "@contract";

export type SocketState = "connecting" | "connected" | "disconnected";

export interface LiveSnapshot {
  /** Newest first, after the topic filter. */
  visible: readonly WireRecord[];
  /** Records held in the buffer (before the filter). */
  buffered: number;
  capacity: number;
  status: ServerStatus | null;
  socket: SocketState;
  paused: boolean;
  /** Records that arrived while paused and are not shown yet. */
  pendingWhilePaused: number;
  topicsSeen: readonly string[];
  hiddenTopics: ReadonlySet<string>;
  /** Payloads from the server that failed validation and were dropped. */
  invalid: number;
  /** Records the server could not deliver to this tab (it fell behind). */
  droppedByServer: number;
  /** Set while the server samples this tab's stream: records/s sent of records/s matched. */
  sampling: { sentPerSec: number; matchedPerSec: number } | null;
}

/**
 * The live page's state, outside React. Bounded: at most `capacity` records
 * are kept (oldest dropped), and as many again while paused. Incoming batches
 * are merged and subscribers hear about them once per microtask, so a burst of
 * socket messages costs one render.
 */
export class LiveStore {
  private records: WireRecord[] = [];
  private ids = new Set<string>();
  private pending: WireRecord[] = [];
  private snapshot: LiveSnapshot;
  private listeners = new Set<() => void>();
  private scheduled = false;

  constructor(
    readonly capacity = 2000,
    private readonly schedule: (fn: () => void) => void = (fn) => queueMicrotask(fn),
  ) {
    this.snapshot = {
      visible: [],
      buffered: 0,
      capacity,
      status: null,
      socket: "connecting",
      paused: false,
      pendingWhilePaused: 0,
      topicsSeen: [],
      hiddenTopics: new Set(),
      invalid: 0,
      droppedByServer: 0,
      sampling: null,
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LiveSnapshot => this.snapshot;

  /**
   * A `records:batch` payload as received; validated here, at the edge, with
   * its declared schema, records included (about 0.5 ms for a full batch of
   * 500, at most one batch per push interval).
   */
  receiveBatch(payload: unknown): void {
    const parsed = socketTopics.recordsBatch.schema.safeParse(payload);
    if (!parsed.success) {
      this.update({ invalid: this.snapshot.invalid + 1 });
      return;
    }
    const fresh = parsed.data.records.filter((r) => !this.ids.has(r.id));
    const dropped = this.snapshot.droppedByServer + parsed.data.dropped;
    const { matchedPerSec = 0, sentPerSec = 0 } = parsed.data;
    const sampling = matchedPerSec > sentPerSec ? { matchedPerSec, sentPerSec } : null;
    if (this.snapshot.paused) {
      this.pending = [...this.pending, ...fresh].slice(-this.capacity);
      this.update({ pendingWhilePaused: this.pending.length, droppedByServer: dropped, sampling });
      return;
    }
    this.add(fresh);
    this.update({ droppedByServer: dropped, sampling }, true);
  }

  receiveStatus(payload: unknown): void {
    const parsed = socketTopics.status.schema.safeParse(payload);
    if (!parsed.success) {
      this.update({ invalid: this.snapshot.invalid + 1 });
      return;
    }
    // Sent every second, batches or not: the sampling notice comes and goes with the rate.
    const { matchedPerSec = 0, sentPerSec = 0 } = parsed.data;
    this.update({ status: parsed.data, sampling: matchedPerSec > sentPerSec ? { matchedPerSec, sentPerSec } : null });
  }

  setSocket(socket: SocketState): void {
    if (socket !== this.snapshot.socket) this.update({ socket });
  }

  setPaused(paused: boolean): void {
    if (paused === this.snapshot.paused) return;
    if (!paused) {
      this.add(this.pending.filter((r) => !this.ids.has(r.id)));
      this.pending = [];
    }
    this.update({ paused, pendingWhilePaused: 0 }, !paused);
  }

  toggleTopic(topic: string): void {
    const hidden = new Set(this.snapshot.hiddenTopics);
    if (hidden.has(topic)) hidden.delete(topic);
    else hidden.add(topic);
    this.update({ hiddenTopics: hidden }, true);
  }

  clear(): void {
    this.records = [];
    this.ids.clear();
    this.update({}, true);
  }

  /** Newest last in a batch → newest first in the buffer. */
  private add(batch: readonly WireRecord[]): void {
    if (batch.length === 0) return;
    for (const r of batch) this.ids.add(r.id);
    this.records = [...batch].reverse().concat(this.records);
    if (this.records.length > this.capacity) {
      for (const r of this.records.slice(this.capacity)) this.ids.delete(r.id);
      this.records = this.records.slice(0, this.capacity);
    }
  }

  private update(patch: Partial<LiveSnapshot>, recordsChanged = false): void {
    const next = { ...this.snapshot, ...patch };
    if (recordsChanged) {
      next.visible =
        next.hiddenTopics.size === 0 ? this.records : this.records.filter((r) => !next.hiddenTopics.has(r.topic));
      next.buffered = this.records.length;
      const seen = new Set(this.snapshot.topicsSeen);
      const before = seen.size;
      for (const r of this.records) seen.add(r.topic);
      if (seen.size !== before) next.topicsSeen = [...seen].sort();
    }
    this.snapshot = next;
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      for (const l of this.listeners) l();
    });
  }
}
