import { randomBytes } from "node:crypto";
import type { TraceHop, TraceScan } from "../contract";
import type { Decoding } from "../kafka/decoding";
import { ingestBatch } from "../kafka/ingested";
import type { ScanRead, ScanSpan } from "../kafka/reader";
import type { RawMessage } from "../kafka/to-wire";
import { hopMatcher, sortHops, traceView } from "./trace-index";

/** What a scan reads with: the on-demand reader (server/kafka/reader.ts) in the app, a fake in unit tests. */
export interface ScanReader {
  /** Each partition's offsets from the first record at or after `since` to its end offset now. */
  plan(topic: string, since: number): Promise<ScanSpan[]>;
  /** Reads the spans, handing each batch to `take`, until done, idle or aborted; true when read to their ends. */
  read(topic: string, spans: ScanSpan[], read: ScanRead): Promise<boolean>;
  /** Runs a whole scan in one slot of the on-demand reads; rejects with a coded error (BUSY) when they are full. */
  slot<T>(fn: () => Promise<T>): Promise<T>;
}

export interface ScanRequest {
  id: string;
  topics: string[];
  minutes: number;
  maxRecords: number;
}

export interface TraceScansDeps {
  reader: ScanReader;
  decoding: Decoding;
  now?: () => number;
  /** Scans running at once (default 2); more are refused with BUSY. */
  maxRunning?: number;
  /** How long a finished scan is kept for its page to read (default 10 minutes). */
  keepMs?: number;
  /** Hits kept per scan (default 500). */
  maxHits?: number;
}

/** A refused scan: its code and why. */
export interface ScanRefused {
  refused: "BUSY" | "UNKNOWN_TOPIC";
  message: string;
}

interface Job {
  status: TraceScan;
  hits: TraceHop[];
  /** Per topic and partition: offsets read so far. */
  progress: Map<string, Map<number, number>>;
  /** Topics read to the end of every span. */
  complete: Set<string>;
  abort: AbortController;
}

const codeOf = (err: unknown): string | undefined =>
  typeof (err as { code?: unknown })?.code === "string" ? (err as { code: string }).code : undefined;

/**
 * Bounds a scan to `max` records: when the spans hold more, each keeps its
 * newest share (proportional to its size), so a busy partition does not
 * crowd out a quiet one and the most recent records are the ones read.
 */
export function boundSpans(
  plans: Array<{ topic: string; spans: ScanSpan[] }>,
  max: number,
): { plans: Array<{ topic: string; spans: ScanSpan[] }>; limited: boolean } {
  const size = (s: ScanSpan) => Number(BigInt(s.end) - BigInt(s.from));
  const total = plans.reduce((n, p) => n + p.spans.reduce((m, s) => m + size(s), 0), 0);
  if (total <= max) return { plans, limited: false };
  return {
    limited: true,
    plans: plans.map((p) => ({
      topic: p.topic,
      spans: p.spans.map((s) => ({
        ...s,
        from: (BigInt(s.end) - BigInt(Math.floor((size(s) * max) / total))).toString(),
      })),
    })),
  };
}

/**
 * Scans on demand for an id beyond the trace index: the last minutes of
 * chosen topics, from the offset at that time to each partition's end offset
 * when the scan starts, matched by the index's own rules (`hopMatcher`).
 * Jobs live in memory, one set per app; a job holds one slot of the reader's
 * limiter for as long as it reads. Cost: every record in range crosses the
 * network once and is compared by bytes; only matches are decoded.
 */
export class TraceScans {
  private readonly jobs = new Map<string, Job>();
  private readonly now: () => number;
  private readonly maxRunning: number;
  private readonly keepMs: number;
  private readonly maxHits: number;

  constructor(private readonly deps: TraceScansDeps) {
    this.now = deps.now ?? Date.now;
    this.maxRunning = deps.maxRunning ?? 2;
    this.keepMs = deps.keepMs ?? 10 * 60_000;
    this.maxHits = deps.maxHits ?? 500;
  }

  /** Starts a scan and answers once its ranges are known (so the first answer has the totals), or why it was refused. */
  async start(req: ScanRequest): Promise<TraceScan | ScanRefused> {
    this.prune();
    const match = hopMatcher(req.id);
    const running = [...this.jobs.values()].filter((j) => j.status.state === "running").length;
    if (running >= this.maxRunning)
      return { refused: "BUSY", message: `${running} scans are running; try again when one has finished` };
    const at = this.now();
    const since = at - req.minutes * 60_000;
    const topics = [...new Set(req.topics)];
    const job: Job = {
      status: {
        id: randomBytes(8).toString("hex"),
        traceId: req.id,
        state: "running",
        minutes: req.minutes,
        since,
        startedAt: at,
        endedAt: null,
        topics: topics.map((topic) => ({ topic, scanned: 0, total: 0 })),
        scanned: 0,
        total: 0,
        limited: false,
        trace: traceView(req.id, []),
        hitsLimited: false,
        error: null,
      },
      hits: [],
      progress: new Map(topics.map((t) => [t, new Map()])),
      abort: new AbortController(),
      complete: new Set(),
    };
    this.jobs.set(job.status.id, job);
    let planned: (err?: unknown) => void = () => undefined;
    const ready = new Promise<unknown>((resolve) => (planned = resolve));
    const { reader, decoding } = this.deps;
    const finish = (state: TraceScan["state"], error: TraceScan["error"] = null) => {
      if (job.status.state !== "running") return;
      job.status.state = state;
      job.status.error = error;
      job.status.endedAt = this.now();
    };
    reader
      .slot(async () => {
        const plans: Array<{ topic: string; spans: ScanSpan[] }> = [];
        for (const topic of topics) plans.push({ topic, spans: await reader.plan(topic, since) });
        const bounded = boundSpans(plans, req.maxRecords);
        job.status.limited = bounded.limited;
        for (const p of bounded.plans) {
          const row = job.status.topics.find((t) => t.topic === p.topic)!;
          row.total = p.spans.reduce((n, s) => n + Number(BigInt(s.end) - BigInt(s.from)), 0);
        }
        job.status.total = job.status.topics.reduce((n, t) => n + t.total, 0);
        planned();
        for (const p of bounded.plans) {
          if (job.abort.signal.aborted) break;
          const read = job.progress.get(p.topic)!;
          const from = new Map(p.spans.map((s) => [s.partition, BigInt(s.from)]));
          const take = (partition: number, messages: RawMessage[]) => {
            if (match)
              for (const r of ingestBatch(p.topic, partition, messages, decoding).records) {
                const hop = match(r);
                if (!hop) continue;
                if (job.hits.length < this.maxHits) job.hits.push(hop);
                else job.status.hitsLimited = true;
              }
            const last = messages.at(-1);
            if (last) read.set(partition, Number(BigInt(last.offset) + 1n - from.get(partition)!));
          };
          if (await reader.read(p.topic, p.spans, { take, signal: job.abort.signal })) job.complete.add(p.topic);
        }
      })
      .then(
        () => finish(job.abort.signal.aborted ? "cancelled" : "done"),
        (err: unknown) => {
          finish("failed", { code: codeOf(err) ?? "INTERNAL", message: (err as Error)?.message ?? String(err) });
          planned(err);
        },
      );
    const err = await ready;
    if (err === undefined) return this.view(job);
    this.jobs.delete(job.status.id);
    const code = codeOf(err);
    if (code === "BUSY" || code === "UNKNOWN_TOPIC") return { refused: code, message: (err as Error).message };
    throw err;
  }

  /** A scan's progress and hits; undefined when unknown or forgotten. */
  get(scanId: string): TraceScan | undefined {
    this.prune();
    const job = this.jobs.get(scanId);
    return job && this.view(job);
  }

  /** Cancels a running scan (it ends as cancelled once its consumer has left); a finished one answers as it is. */
  cancel(scanId: string): TraceScan | undefined {
    const job = this.jobs.get(scanId);
    if (!job) return undefined;
    if (job.status.state === "running") job.abort.abort();
    return this.view(job);
  }

  /** Cancels every running scan (the app is stopping). */
  stop(): void {
    for (const job of this.jobs.values()) job.abort.abort();
  }

  private view(job: Job): TraceScan {
    const s = job.status;
    for (const row of s.topics) {
      const read = [...job.progress.get(row.topic)!.values()].reduce((n, v) => n + v, 0);
      // A topic read to its ends counts whole: compaction gaps and transaction markers are offsets without records.
      row.scanned = job.complete.has(row.topic) ? row.total : Math.min(read, row.total);
    }
    s.scanned = s.topics.reduce((n, t) => n + t.scanned, 0);
    return { ...s, topics: s.topics.map((t) => ({ ...t })), trace: traceView(s.traceId, sortHops([...job.hits])) };
  }

  private prune(): void {
    const at = this.now();
    for (const [id, job] of this.jobs)
      if (job.status.endedAt !== null && at - job.status.endedAt > this.keepMs) this.jobs.delete(id);
  }
}
