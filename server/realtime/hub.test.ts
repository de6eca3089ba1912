import http from "node:http";
import type { AddressInfo } from "node:net";
import { io, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import {
  socketTopics,
  type ClientToServerEvents,
  type Overview,
  type RecordsBatch,
  type ServerStatus,
  type ServerToClientEvents,
  type SocketTopic,
  type SocketTopicKey,
  type SubscribeResult,
} from "../contract";
import type { Principal } from "../auth/gate";
import type { Role } from "../auth/roles";
import { plainDecoding } from "../kafka/decoding";
import { ingestBatch } from "../kafka/ingested";
import { createLogger } from "../log";
import { createHub, type Hub, type HubOptions } from "./hub";

// A real node http server and real socket.io clients in this process; no Kafka.

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const baseStatus: Omit<ServerStatus, "droppedForClient" | "matchedPerSec" | "sentPerSec"> = {
  kafka: { state: "connected", brokers: ["localhost:9092"], since: 0, topics: [], error: null, retryAt: null },
  recordsIngested: 0,
  serverStartedAt: 0,
};
const overview = (at: number): Overview => ({
  at,
  topics: [],
  cluster: {
    partitions: 0,
    recordsPerSec: 0,
    bytesPerSec: 0,
    spark: [],
    totalRecords: 0,
    totalBytes: 0,
    topicCount: 0,
  },
});

/** Records `from`..`from + n - 1` of one topic, as ingest hands them over. */
const records = (topic: string, from: number, n: number, value: Buffer = Buffer.from('{"n":1}')) =>
  ingestBatch(
    topic,
    0,
    Array.from({ length: n }, (_, i) => ({
      key: null,
      value,
      offset: String(from + i),
      timestamp: "1700000000000",
      headers: {},
    })),
    plainDecoding(),
  ).records;

/** Who each `auth.token` is; no token: anonymous. A small stand-in for accounts. */
const session = (id: string, role: Role): Principal => ({
  kind: "session",
  sessionId: id,
  userId: `u-${id}`,
  username: id,
  role,
  csrfToken: "x",
});
const principals = new Map<string, Principal>([
  ["viewer", session("viewer", "viewer")],
  ["operator", session("operator", "operator")],
  ["s1", session("s1", "viewer")],
  ["s2", session("s2", "viewer")],
]);
const identify: NonNullable<HubOptions["identify"]> = async (req) => {
  const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ""))?.[1];
  if (bearer === undefined) return { kind: "anonymous" };
  return principals.get(bearer) ?? { kind: "invalid" };
};

const running: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of running.splice(0).reverse()) await stop();
});

async function startHub(opts: Partial<HubOptions> = {}): Promise<{ hub: Hub; url: string }> {
  const httpServer = http.createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const hub = createHub({
    httpServer,
    pushIntervalMs: 20,
    clientBufferRecords: 1000,
    status: () => baseStatus,
    log: createLogger("error", { test: true }),
    ...opts,
  });
  running.push(async () => {
    await hub.close();
    await new Promise<void>((resolve) => httpServer.close(() => resolve()));
  });
  return { hub, url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}` };
}

/** A connected client that records every batch it gets; resolves once the hub has registered it (its first status). */
async function connect(url: string, token?: string) {
  const socket: Client = io(url, {
    transports: ["websocket"],
    reconnection: false,
    ...(token ? { auth: { token } } : {}),
  });
  running.push(async () => void socket.close());
  const batches: RecordsBatch[] = [];
  socket.on(socketTopics.recordsBatch.name, (b) => batches.push(b));
  await once(socket, socketTopics.status.name);
  return { socket, batches, got: () => batches.flatMap((b) => b.records) };
}

/** The next `event` whose payload passes `match`. */
function once<E extends keyof ServerToClientEvents>(
  socket: Client,
  event: E,
  match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
) {
  return new Promise<Parameters<ServerToClientEvents[E]>[0]>((resolve) => {
    const on = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!match(payload)) return;
      socket.off(event, on as never);
      resolve(payload);
    };
    socket.on(event, on as never);
  });
}

/** Resolves when `check` holds, re-checked on every batch the client gets. */
function untilBatch(socket: Client, check: () => boolean) {
  return check()
    ? Promise.resolve()
    : once(socket, socketTopics.recordsBatch.name, () => check()).then(() => undefined);
}

const refused = (url: string, opts: Parameters<typeof io>[1] = {}) =>
  new Promise<string | undefined>((resolve, reject) => {
    const s = io(url, { transports: ["websocket"], reconnection: false, ...opts });
    running.push(async () => void s.close());
    s.on("connect", () => reject(new Error("connected")));
    s.on("connect_error", (err: Error & { data?: { code?: string } }) => resolve(err.data?.code));
  });

/**
 * A small non-volatile status to each client, received: the server has
 * finished writing what it sent before, so a volatile emit now is not
 * dropped for a client that merely has not seen its last write complete.
 */
let marker = 1000;
async function roundTrip(hub: Hub, sockets: Client[]) {
  const mark = ++marker;
  const got = sockets.map((s) => once(s, socketTopics.status.name, (st) => st.recordsIngested === mark));
  hub.broadcast("status", (stream) => ({ ...baseStatus, recordsIngested: mark, ...stream }));
  await Promise.all(got);
}

const subscribe = (socket: Client, sub: object) =>
  new Promise<SubscribeResult>((resolve) => socket.emit(socketTopics.subscribe.name, sub as never, resolve));

describe("the hub's record stream", () => {
  it("sends what was published between two ticks as one batch, never one emit per record, at most 500 per emit", async () => {
    const { hub, url } = await startHub({ clientBufferRecords: 2000 });
    const c = await connect(url);
    // One turn of the event loop: no tick in between.
    hub.publish(records("orders", 0, 100));
    hub.publish(records("orders", 100, 100));
    hub.publish(records("orders", 200, 100));
    await untilBatch(c.socket, () => c.got().length === 300);
    expect(c.batches).toHaveLength(1);
    expect(c.got().map((r) => r.offset)).toEqual(Array.from({ length: 300 }, (_, i) => String(i)));
    expect(socketTopics.recordsBatch.schema.safeParse(c.batches[0]).success).toBe(true);

    c.batches.length = 0;
    hub.publish(records("orders", 300, 1200));
    await untilBatch(c.socket, () => c.got().length === 1200);
    expect(c.batches.map((b) => b.records.length)).toEqual([500, 500, 200]);
  });

  it("keeps at most the client's queue, drops the oldest and tells the client how many", async () => {
    const { hub, url } = await startHub({ clientBufferRecords: 100 });
    const c = await connect(url);
    hub.publish(records("orders", 0, 250));
    await untilBatch(c.socket, () => c.batches.length > 0);
    expect(c.batches).toHaveLength(1);
    expect(c.batches[0]!.dropped).toBe(150);
    expect(c.got().map((r) => r.offset)).toEqual(Array.from({ length: 100 }, (_, i) => String(150 + i)));
    expect(hub.droppedTotal()).toBe(150);
  });

  it("applies each client's subscription on the server, and answers a syntax error with its position", async () => {
    const { hub, url } = await startHub();
    const filtered = await connect(url);
    const everything = await connect(url);
    expect(await subscribe(filtered.socket, { expr: "value.n >" })).toMatchObject({
      ok: false,
      error: { code: "FILTER_SYNTAX", position: 9 },
    });
    expect(await subscribe(filtered.socket, { topics: ["payments"] })).toEqual({ ok: true });
    hub.publish([...records("orders", 0, 10), ...records("payments", 0, 5), ...records("orders", 10, 10)]);
    await untilBatch(everything.socket, () => everything.got().length === 25);
    await untilBatch(filtered.socket, () => filtered.got().length >= 5);
    expect(filtered.got().map((r) => r.topic)).toEqual(Array(5).fill("payments"));
    // A later batch without payments records sends this client nothing, so the next one it gets is the next match.
    hub.publish(records("orders", 20, 10));
    hub.publish(records("payments", 5, 1));
    await untilBatch(filtered.socket, () => filtered.got().length >= 6);
    expect(filtered.got().map((r) => r.id)).toEqual([0, 1, 2, 3, 4, 5].map((o) => `payments/0/${o}`));
  });

  it("skips a client that stops reading: its records are dropped and counted, volatile snapshots skip it, the others get everything", async () => {
    const capacity = 1000;
    const { hub, url } = await startHub({ clientBufferRecords: capacity });
    const healthy = await connect(url);
    const stalled = await connect(url);
    const overviews = { healthy: [] as number[], stalled: [] as number[] };
    healthy.socket.on(socketTopics.overview.name, (o) => overviews.healthy.push(o.at));
    stalled.socket.on(socketTopics.overview.name, (o) => overviews.stalled.push(o.at));
    // Stop reading at the TCP level, like a frozen tab: the server's writes back up.
    const raw = (
      stalled.socket.io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } }
    ).ws._socket;
    raw.pause();

    // Rounds no bigger than the queue, each delivered to the healthy client before the next:
    // a client drained every tick would never drop one; only being skipped makes it drop.
    const value = Buffer.alloc(8 * 1024, "v");
    let published = 0;
    while (hub.droppedTotal() === 0) {
      if (published >= 20_000) throw new Error("the stalled client was never skipped");
      hub.publish(records("big", published, 500, value));
      published += 500;
      await untilBatch(healthy.socket, () => healthy.got().length === published);
    }
    expect(healthy.batches.every((b) => b.dropped === 0)).toBe(true);

    // Backed up: a volatile snapshot is not queued for it.
    await roundTrip(hub, [healthy.socket]);
    hub.broadcast("overview", overview(1));
    await once(healthy.socket, socketTopics.overview.name, (o) => o.at === 1);

    raw.resume();
    // Caught up, it is sent what its queue kept, with the drop count.
    const reported = () => stalled.batches.reduce((n, b) => n + b.dropped, 0);
    await untilBatch(stalled.socket, () => reported() > 0 && reported() === hub.droppedTotal());
    expect(stalled.got().length + reported()).toBeLessThanOrEqual(published);
    await roundTrip(hub, [healthy.socket, stalled.socket]);
    const second = [healthy, stalled].map((c) => once(c.socket, socketTopics.overview.name, (o) => o.at === 2));
    hub.broadcast("overview", overview(2));
    await Promise.all(second);
    expect(overviews.stalled).toEqual([2]);
    expect(overviews.healthy).toEqual([1, 2]);

    // A status built per client carries that client's own drops.
    const [forHealthy, forStalled] = [
      once(healthy.socket, socketTopics.status.name, (s) => s.recordsIngested === 7),
      once(stalled.socket, socketTopics.status.name, (s) => s.recordsIngested === 7),
    ];
    hub.broadcast("status", (stream) => ({ ...baseStatus, recordsIngested: 7, ...stream }));
    expect((await forHealthy).droppedForClient).toBe(0);
    expect((await forStalled).droppedForClient).toBe(hub.droppedTotal());
  }, 60_000);
});

describe("the hub's access checks", () => {
  it("refuses a connection without the weakest declared role, with the reason's code", async () => {
    const { url } = await startHub({ identify });
    expect(await refused(url)).toBe("UNAUTHENTICATED");
    expect(await refused(url, { auth: { token: "nobody" } })).toBe("INVALID_CREDENTIALS");
    expect(await refused(url, { auth: { token: "viewer" }, extraHeaders: { origin: "http://evil.example" } })).toBe(
      "CROSS_ORIGIN",
    );
    await connect(url, "viewer");

    // Every topic for operators: a viewer could receive nothing, so it may not connect.
    const operatorsOnly = Object.fromEntries(
      Object.entries(socketTopics).map(([k, t]) => [k, { ...t, role: "operator" }]),
    ) as unknown as Record<SocketTopicKey, SocketTopic>;
    const strict = await startHub({ identify, topics: operatorsOnly });
    expect(await refused(strict.url, { auth: { token: "viewer" } })).toBe("FORBIDDEN");
    await connect(strict.url, "operator");
  });

  it("broadcasts a snapshot only to clients whose role the topic declares", async () => {
    const topics: Record<SocketTopicKey, SocketTopic> = {
      ...socketTopics,
      overview: { ...socketTopics.overview, role: "operator" },
    };
    const { hub, url } = await startHub({ identify, topics });
    const viewer = await connect(url, "viewer");
    const operator = await connect(url, "operator");
    const seen = { viewer: 0, operator: 0 };
    viewer.socket.on(socketTopics.overview.name, () => seen.viewer++);
    operator.socket.on(socketTopics.overview.name, () => seen.operator++);
    await roundTrip(hub, [viewer.socket, operator.socket]);
    hub.broadcast("overview", overview(1));
    // Each connection keeps the order of emits: a status sent after the overview arrives after it.
    const marks = [viewer, operator].map((c) =>
      once(c.socket, socketTopics.status.name, (s) => s.recordsIngested === 1),
    );
    hub.broadcast("status", { ...baseStatus, recordsIngested: 1, droppedForClient: 0 });
    await Promise.all(marks);
    expect(seen).toEqual({ viewer: 0, operator: 1 });
  });

  it("disconnects the browsers of ended sessions, telling them why, and re-checks the others", async () => {
    const revoked = new Set<string>();
    const { hub, url } = await startHub({
      identify,
      recheckMs: 20,
      stillValid: async (p) => !(p.kind === "session" && revoked.has(p.sessionId)),
    });
    const [one, two, viewer] = [await connect(url, "s1"), await connect(url, "s2"), await connect(url, "viewer")];
    const ended = once(one.socket, socketTopics.sessionEnded.name);
    const gone = new Promise<string>((resolve) => one.socket.on("disconnect", resolve));
    hub.endSessions(["s1"]);
    expect(await ended).toEqual({ code: "SESSION_ENDED" });
    expect(await gone).toBe("io server disconnect");
    expect(two.socket.connected && viewer.socket.connected).toBe(true);

    // A session ended elsewhere (expired, user disabled) is found by the periodic re-check.
    const twoEnded = once(two.socket, socketTopics.sessionEnded.name);
    revoked.add("s2");
    expect(await twoEnded).toEqual({ code: "SESSION_ENDED" });
    await new Promise<void>((resolve) =>
      two.socket.connected ? two.socket.on("disconnect", () => resolve()) : resolve(),
    );
    expect(viewer.socket.connected).toBe(true);
    expect(hub.clientCount()).toBe(1);
  });
});
