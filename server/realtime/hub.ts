import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import type {
  ClientToServerEvents,
  ServerStatus,
  ServerToClientEvents,
  SocketPayload,
  SocketTopic,
  SocketTopicKey,
  ToClientName,
  WireRecord,
} from "../contract";
import { socketTopics } from "../contract";
import type { IngestedRecord } from "../kafka/ingested";
import type { Logger } from "../log";
import { compileSubscription, type RecordFilter } from "../streams/subscription";
import { ClientQueue } from "./client-queue";
import { decide, type Principal } from "../auth/gate";
import { isOwnOrigin } from "../auth/origin";
import { atLeast, Roles, type Role } from "../auth/roles";

/** One client's record stream, as its status reports it. */
export type ClientStream = Pick<ServerStatus, "droppedForClient" | "matchedPerSec" | "sentPerSec">;

export interface HubOptions {
  httpServer: HttpServer;
  pushIntervalMs: number;
  clientBufferRecords: number;
  /** Most records per second sent to one browser; beyond it an even sample is sent. */
  clientMaxRecordsPerSec?: number;
  /** Status without the per-client stream counters, which the hub fills in; sent on connect and every second. */
  status: () => Omit<ServerStatus, keyof ClientStream>;
  log: Logger;
  /**
   * Who is connecting, from the handshake's cookie or its `auth.token` (an API
   * token); the weakest role any topic needs may connect, and each topic goes
   * only to principals with its declared role. Without it every socket is
   * accepted and receives every topic (unit tests of the hub).
   */
  identify?: (req: {
    method: string;
    headers: Record<string, string | string[] | undefined>;
    remoteAddress?: string;
  }) => Promise<Principal>;
  /** Origins accepted besides the Host header's (PUBLIC_ORIGINS). */
  publicOrigins?: readonly string[];
  /** Whether a connected principal is still valid (session not ended or expired, token not revoked). */
  stillValid?: (p: Principal) => Promise<boolean>;
  /** A tab that receives records came, left or changed the topics it tails (reading follows: server/kafka/readers.ts). */
  onTabsChange?: () => void;
  /** How often connected sockets are re-checked with stillValid. */
  recheckMs?: number;
  /** The topic declarations whose roles and delivery the hub applies; the contract's table unless a test changes a role. */
  topics?: Readonly<Record<SocketTopicKey, SocketTopic>>;
}

type SnapshotName = ToClientName<"snapshot">;

export interface Hub {
  /** Records of one consumed batch, for the records:batch stream; each is decoded (once, for every tab) only when a tab's queue sends it. */
  publish(records: readonly IngestedRecord[]): void;
  /** The tabs that receive records, each with the topics its subscription names (null: every topic). */
  tabs(): Array<{ topics: readonly string[] | null }>;
  /**
   * Sends a snapshot topic now to every client whose role may receive it;
   * volatile where declared (a client that is behind skips one rather than
   * queueing it). A function payload is built per client from its stream.
   */
  broadcast<N extends SnapshotName>(
    topic: N,
    payload: SocketPayload<N> | ((client: ClientStream) => SocketPayload<N>),
  ): void;
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
type Emit = (name: string, payload: unknown) => void;

interface Client {
  queue: ClientQueue<IngestedRecord>;
  /** Its subscription, applied before records are queued for it. */
  filter?: RecordFilter;
  /** Whether it may receive the record stream (its role); checked once, at connect. */
  streams: boolean;
  /** The topics its subscription names; null: every topic (no subscription, or one without topics). */
  tail: readonly string[] | null;
}

/** socket.io room of the clients that hold at least this role: a snapshot is encoded once per broadcast, not once per client. */
const roomOf = (role: Role) => `role:${role}`;

/**
 * Fans records out to browsers in batches on a timer, never one emit per
 * record. Each client has a bounded queue; a client whose transport still has
 * unsent packets is skipped for that tick, so a stalled tab costs at most its
 * queue's capacity and its drops are counted and shown to it. Snapshot
 * topics go out through one generic `broadcast`; roles come from the topic
 * declarations in the contract.
 */
export function createHub(opts: HubOptions): Hub {
  const topics = opts.topics ?? socketTopics;
  const byName = new Map<string, SocketTopic>(Object.values(topics).map((t) => [t.name, t]));
  const declared = (name: string): SocketTopic => {
    const t = byName.get(name);
    if (!t) throw new Error(`undeclared socket topic ${name}`);
    return t;
  };
  /** Connecting needs the weakest role any topic asks for: a client that could receive nothing is refused. */
  const connectRole = Roles.find((r) => Object.values(topics).some((t) => t.role === r)) ?? "viewer";

  const io = new Server<ClientToServerEvents, ServerToClientEvents>(opts.httpServer, {
    serveClient: false,
    // Leave other upgrade requests (Next.js dev HMR) to their own handler.
    destroyUpgrade: false,
    maxHttpBufferSize: 1e6,
  });
  const clients = new Map<AppSocket, Client>();
  const principals = new Map<AppSocket, Principal>();
  let droppedByGone = 0;
  let sampledByGone = 0;

  /** Without identify (hub unit tests) every client holds every role. */
  const roleOf = (socket: AppSocket): Role | null => {
    if (!opts.identify) return "admin";
    const p = principals.get(socket);
    return p && "role" in p ? p.role : null;
  };
  const may = (socket: AppSocket, name: string) => {
    const role = roleOf(socket);
    return role !== null && atLeast(role, declared(name).role);
  };
  const streamOf = (client: Client | undefined): ClientStream => ({
    droppedForClient: client?.queue.droppedTotal ?? 0,
    ...client?.queue.rate(),
  });
  /** The one place a socket is written to: the declared role, and volatile where declared. */
  const send = (socket: AppSocket, name: string, payload: unknown) => {
    if (!may(socket, name)) return;
    const t = declared(name);
    const target = t.direction === "server-to-client" && t.volatile ? socket.volatile : socket;
    (target.emit as Emit)(name, payload);
  };

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
      identify({
        method: "GET",
        headers: { ...h.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        remoteAddress: h.address,
      }).then(
        (p) => {
          const d = decide(p, connectRole, { method: "GET", headers: h.headers });
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
    send(socket, socketTopics.sessionEnded.name, { code });
    socket.disconnect(true);
  };

  io.on("connection", (socket) => {
    const client: Client = {
      queue: new ClientQueue(opts.clientBufferRecords, opts.clientMaxRecordsPerSec),
      streams: may(socket, socketTopics.recordsBatch.name),
      tail: null,
    };
    clients.set(socket, client);
    const role = roleOf(socket);
    for (const r of Roles) if (role && atLeast(role, r)) void socket.join(roomOf(r));
    opts.log.debug("socket connected", { id: socket.id, clients: clients.size });
    send(socket, socketTopics.status.name, { ...opts.status(), ...streamOf(client) });
    if (client.streams) opts.onTabsChange?.();
    if (may(socket, socketTopics.subscribe.name)) {
      socket.on(socketTopics.subscribe.name, (sub, ack) => {
        const reply = typeof ack === "function" ? ack : () => undefined;
        const compiled = compileSubscription(sub);
        if (!compiled.ok) return reply(compiled.result);
        client.filter = compiled.filter ?? undefined;
        const tail = compiled.sub.topics?.length ? [...compiled.sub.topics] : null;
        const tailChanged =
          (tail ?? []).join("\n") !== (client.tail ?? []).join("\n") || (tail === null) !== (client.tail === null);
        client.tail = tail;
        if (client.streams && tailChanged) opts.onTabsChange?.();
        // Records queued under the old subscription are not what the browser asked for now.
        client.queue.discard();
        client.queue.setLimit(
          Math.min(
            opts.clientMaxRecordsPerSec ?? Number.POSITIVE_INFINITY,
            compiled.sub.maxRecordsPerSec ?? Number.POSITIVE_INFINITY,
          ),
        );
        opts.log.debug("subscription", { id: socket.id, sub: compiled.sub });
        reply({ ok: true });
      });
    }
    socket.on("disconnect", () => {
      droppedByGone += client.queue.droppedTotal;
      sampledByGone += client.queue.sampledOutTotal;
      clients.delete(socket);
      principals.delete(socket);
      if (client.streams) opts.onTabsChange?.();
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
    for (const [socket, { queue }] of clients) {
      if (queue.size === 0) continue;
      if (hasUnsentPackets(socket)) continue; // still sending the last batch
      const { records, dropped } = queue.drain(MAX_BATCH);
      send(socket, socketTopics.recordsBatch.name, { records: records.map(wireOf), dropped, ...queue.rate() });
    }
  };

  const broadcast: Hub["broadcast"] = (name, payload) => {
    if (typeof payload === "function") {
      const perClient = payload as (client: ClientStream) => unknown;
      for (const [socket, client] of clients) send(socket, name, perClient(streamOf(client)));
      return;
    }
    const t = declared(name);
    const room = io.to(roomOf(t.role));
    const target = t.direction === "server-to-client" && t.volatile ? room.volatile : room;
    (target.emit as Emit)(name, payload);
  };
  const broadcastStatus = () => {
    const base = opts.status();
    broadcast(socketTopics.status.name, (stream) => ({ ...base, ...stream }));
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
      for (const client of clients.values()) {
        if (!client.streams) continue;
        client.queue.push(client.filter ? records.filter(client.filter) : records);
      }
    },
    tabs: () => [...clients.values()].filter((c) => c.streams).map((c) => ({ topics: c.tail })),
    broadcast,
    clientCount: () => clients.size,
    droppedTotal: () => droppedByGone + [...clients.values()].reduce((n, c) => n + c.queue.droppedTotal, 0),
    sampledOutTotal: () => sampledByGone + [...clients.values()].reduce((n, c) => n + c.queue.sampledOutTotal, 0),
    endSessions(sessionIds) {
      if (!sessionIds.length) return;
      const ids = new Set(sessionIds);
      for (const [socket, p] of principals)
        if (p.kind === "session" && ids.has(p.sessionId)) endSocket(socket, "SESSION_ENDED");
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
