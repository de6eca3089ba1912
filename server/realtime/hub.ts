import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import type { ClientToServerEvents, Overview, ServerStatus, ServerToClientEvents, WireRecord } from "../contract";
import { SocketEvents } from "../contract";
import type { IngestedRecord } from "../kafka/ingested";
import type { Logger } from "../log";
import { compileSubscription, type RecordFilter } from "../streams/subscription";
import { ClientQueue } from "./client-queue";
import { decide, type Principal } from "../auth/gate";
import { isOwnOrigin } from "../auth/origin";

export interface HubOptions {
  httpServer: HttpServer;
  pushIntervalMs: number;
  clientBufferRecords: number;
  /** Most records per second sent to one browser; beyond it an even sample is sent. */
  clientMaxRecordsPerSec?: number;
  /** Status without the per-client drop counter, which the hub fills in. */
  status: () => Omit<ServerStatus, "droppedForClient">;
  log: Logger;
  /**
   * Who is connecting, from the handshake's cookie or its `auth.token` (an API
   * token); viewer or more may connect. Without it every socket is accepted
   * (unit tests of the hub).
   */
  identify?: (req: { method: string; headers: Record<string, string | string[] | undefined>; remoteAddress?: string }) => Promise<Principal>;
  /** Origins accepted besides the Host header's (PUBLIC_ORIGINS). */
  publicOrigins?: readonly string[];
  /** Whether a connected principal is still valid (session not ended or expired, token not revoked). */
  stillValid?: (p: Principal) => Promise<boolean>;
  /** How often connected sockets are re-checked with stillValid. */
  recheckMs?: number;
}

export interface Hub {
  /** Records of one consumed batch; each is decoded (once, for every tab) only when a tab's queue sends it. */
  publish(records: readonly IngestedRecord[]): void;
  /** A periodic snapshot: volatile, so a client that is behind skips one rather than queueing it. */
  publishOverview(overview: Overview): void;
  /** Sends the current status to every client now (Kafka state changed). */
  statusChanged(): void;
  clientCount(): number;
  /** Records dropped for slow clients since start, connected or gone. */
  droppedTotal(): number;
  /** Records left out by per-client sampling since start, connected or gone. */
  sampledOutTotal(): number;
  /** Disconnects the browsers of these sessions (logout, user disabled, role lowered). */
  endSessions(sessionIds: readonly string[]): void;
  close(): Promise<void>;
}

/** Most records in one emit; a client with more queued gets them on the next ticks. */
const MAX_BATCH = 500;
const STATUS_EVERY_MS = 1000;

type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/**
 * Fans records out to browsers in batches on a timer, never one emit per
 * record. Each client has a bounded queue; a client whose transport still has
 * unsent packets is skipped for that tick, so a stalled tab costs at most its
 * queue's capacity and its drops are counted and shown to it.
 */
export function createHub(opts: HubOptions): Hub {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(opts.httpServer, {
    serveClient: false,
    // Leave other upgrade requests (Next.js dev HMR) to their own handler.
    destroyUpgrade: false,
    maxHttpBufferSize: 1e6,
  });
  const queues = new Map<AppSocket, ClientQueue<IngestedRecord>>();
  /** Per-browser subscription filters, applied before records are queued for it. */
  const filters = new Map<AppSocket, RecordFilter>();
  let droppedByGone = 0;
  let sampledByGone = 0;

  const statusFor = (socket: AppSocket): ServerStatus => ({
    ...opts.status(),
    droppedForClient: queues.get(socket)?.droppedTotal ?? 0,
    ...queues.get(socket)?.rate(),
  });

  const principals = new Map<AppSocket, Principal>();
  const identify = opts.identify;
  if (identify) {
    io.use((socket, next) => {
      const h = socket.handshake;
      const token = typeof h.auth?.token === "string" ? h.auth.token : undefined;
      // A cross-origin page must not open a socket with this browser's cookie.
      const origin = h.headers.origin;
      const sameOrigin = origin === undefined || isOwnOrigin(origin, h.headers.host, opts.publicOrigins); // no Origin: not a browser
      if (!sameOrigin) return next(Object.assign(new Error("CROSS_ORIGIN"), { data: { code: "CROSS_ORIGIN" } }));
      // The peer address, as HTTP requests carry it: open mode needs a straight local client.
      identify({ method: "GET", headers: { ...h.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) }, remoteAddress: h.address }).then(
        (p) => {
          const d = decide(p, "viewer", { method: "GET", headers: h.headers });
          if (!d.ok) return next(Object.assign(new Error(d.code), { data: { code: d.code } }));
          principals.set(socket, p);
          next();
        },
        (err: unknown) => {
          opts.log.warn("socket authentication failed", { err });
          next(Object.assign(new Error("INTERNAL"), { data: { code: "INTERNAL" } }));
        },
      );
    });
  }
  const endSocket = (socket: AppSocket, code: string) => {
    socket.emit(SocketEvents.sessionEnded, { code });
    socket.disconnect(true);
  };

  io.on("connection", (socket) => {
    queues.set(socket, new ClientQueue(opts.clientBufferRecords, opts.clientMaxRecordsPerSec));
    opts.log.debug("socket connected", { id: socket.id, clients: queues.size });
    socket.emit(SocketEvents.status, statusFor(socket));
    socket.on(SocketEvents.subscribe, (sub, ack) => {
      const reply = typeof ack === "function" ? ack : () => undefined;
      const compiled = compileSubscription(sub);
      if (!compiled.ok) return reply(compiled.result);
      if (compiled.filter) filters.set(socket, compiled.filter);
      else filters.delete(socket);
      // Records queued under the old subscription are not what the browser asked for now.
      const queue = queues.get(socket);
      queue?.discard();
      queue?.setLimit(Math.min(opts.clientMaxRecordsPerSec ?? Number.POSITIVE_INFINITY, compiled.sub.maxRecordsPerSec ?? Number.POSITIVE_INFINITY));
      opts.log.debug("subscription", { id: socket.id, sub: compiled.sub });
      reply({ ok: true });
    });
    socket.on("disconnect", () => {
      droppedByGone += queues.get(socket)?.droppedTotal ?? 0;
      sampledByGone += queues.get(socket)?.sampledOutTotal ?? 0;
      filters.delete(socket);
      queues.delete(socket);
      principals.delete(socket);
    });
  });

  const flush = () => {
    // Built once per tick for every tab that sends the record, and not kept on it: the
    // trace ring keeps records far longer than a tick, and their previews would double it.
    const built = new Map<IngestedRecord, WireRecord>();
    const wireOf = (r: IngestedRecord) => {
      let w = built.get(r);
      if (!w) built.set(r, (w = r.transientWire()));
      return w;
    };
    for (const [socket, queue] of queues) {
      if (queue.size === 0) continue;
      if (hasUnsentPackets(socket)) continue; // still sending the last batch
      const { records, dropped } = queue.drain(MAX_BATCH);
      socket.emit(SocketEvents.recordsBatch, { records: records.map(wireOf), dropped, ...queue.rate() });
    }
  };
  const broadcastStatus = () => {
    for (const socket of queues.keys()) socket.emit(SocketEvents.status, statusFor(socket));
  };
  const pushTimer = setInterval(flush, opts.pushIntervalMs);
  const stillValid = opts.stillValid;
  const recheckTimer = stillValid
    ? setInterval(() => {
        for (const [socket, p] of principals) {
          void stillValid(p).then(
            (ok) => (ok ? undefined : endSocket(socket, "SESSION_ENDED")),
            () => undefined, // the database is down: keep the browser; the next check decides
          );
        }
      }, opts.recheckMs ?? 30_000)
    : null;
  const statusTimer = setInterval(broadcastStatus, STATUS_EVERY_MS);

  return {
    publish(records) {
      if (records.length === 0) return;
      for (const [socket, queue] of queues) {
        const f = filters.get(socket);
        queue.push(f ? records.filter(f) : records);
      }
    },
    publishOverview(overview) {
      io.volatile.emit(SocketEvents.overview, overview);
    },
    statusChanged: broadcastStatus,
    clientCount: () => queues.size,
    droppedTotal: () => droppedByGone + [...queues.values()].reduce((n, q) => n + q.droppedTotal, 0),
    sampledOutTotal: () => sampledByGone + [...queues.values()].reduce((n, q) => n + q.sampledOutTotal, 0),
    endSessions(sessionIds) {
      if (!sessionIds.length) return;
      const ids = new Set(sessionIds);
      for (const [socket, p] of principals) if (p.kind === "session" && ids.has(p.sessionId)) endSocket(socket, "SESSION_ENDED");
    },
    async close() {
      clearInterval(pushTimer);
      if (recheckTimer) clearInterval(recheckTimer);
      clearInterval(statusTimer);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

/**
 * engine.io keeps packets the transport has not taken yet in `writeBuffer`
 * (typed private); non-empty means the client has not caught up.
 */
function hasUnsentPackets(socket: AppSocket): boolean {
  const conn = socket.conn as unknown as { writeBuffer?: unknown[] };
  return (conn.writeBuffer?.length ?? 0) > 0;
}
