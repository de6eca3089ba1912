"use client";
import { toLogin } from "./session";
import { io, type Socket } from "socket.io-client";
import {
  socketTopics,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeResult,
  type Subscription,
} from "@contract";
import { OverviewStore } from "../_topics/overview-store";
import { LiveStore } from "../_live/live-store";

/**
 * The tab's one socket, opened by the shell (app/_shell/Shell.tsx) for every
 * page but the login page, and the stores it feeds: the live tail's record
 * buffer (with the server and Kafka status the status bar shows) and the
 * topics overview. Pages read these stores; none opens a socket of its own.
 */
export const liveStore = new LiveStore(5000);
export const overviewStore = new OverviewStore();

let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
let users = 0;
/** The tab's subscription; sent again after every reconnect (the server forgets it with the socket). */
let subscription: Subscription = {};

/** The topics this tab's subscription names (empty: every topic). */
export function tailedTopics(): readonly string[] {
  return subscription.topics ?? [];
}

/** Changes part of the tab's subscription (an `undefined` part is removed) and sends the whole of it. */
export function updateSubscription(patch: Partial<Subscription>): Promise<SubscribeResult> {
  const next: Record<string, unknown> = { ...subscription, ...patch };
  for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
  return subscribe(next as Subscription);
}

/** Asks the server to filter this tab's stream; resolves with the server's verdict (syntax errors included). */
export function subscribe(sub: Subscription): Promise<SubscribeResult> {
  return new Promise((resolve) => {
    if (!socket?.connected) {
      subscription = sub;
      resolve({ ok: true });
      return;
    }
    socket.timeout(5000).emit(socketTopics.subscribe.name, sub, (err: Error | null, result?: SubscribeResult) => {
      if (err || !result)
        return resolve({
          ok: false,
          error: { code: "INVALID_SUBSCRIPTION", message: "the server did not answer; try again" },
        });
      if (result.ok) subscription = sub;
      resolve(result);
    });
  });
}

/** Opens the socket on first use and closes it when the last user goes; returns the release function. */
export function connectLive(): () => void {
  users += 1;
  if (!socket) {
    socket = io({ transports: ["websocket", "polling"], reconnectionDelayMax: 5000 });
    socket.on("connect", () => {
      liveStore.setSocket("connected");
      if (Object.keys(subscription).length) socket?.emit(socketTopics.subscribe.name, subscription, () => undefined);
    });
    socket.on("disconnect", () => liveStore.setSocket("disconnected"));
    socket.io.on("reconnect_attempt", () => liveStore.setSocket("connecting"));
    socket.on("connect_error", (err: Error & { data?: { code?: string } }) => {
      liveStore.setSocket("disconnected");
      // Refused for who we are (signed out, session gone): reconnecting cannot help.
      if (err.data?.code === "UNAUTHENTICATED" || err.data?.code === "INVALID_CREDENTIALS") toLogin();
    });
    // Whatever the code, this session is over: its payload is not read.
    socket.on(socketTopics.sessionEnded.name, () => toLogin());
    // The stores parse each payload with its topic's declared schema (the edge).
    socket.on(socketTopics.recordsBatch.name, (batch) => liveStore.receiveBatch(batch));
    socket.on(socketTopics.status.name, (status) => liveStore.receiveStatus(status));
    socket.on(socketTopics.overview.name, (overview) => overviewStore.receive(overview));
  }
  return () => {
    users -= 1;
    if (users === 0 && socket) {
      socket.close();
      socket = null;
      liveStore.setSocket("disconnected");
    }
  };
}
