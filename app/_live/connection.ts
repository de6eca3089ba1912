"use client";
import { io, type Socket } from "socket.io-client";
import { SocketEvents, type ClientToServerEvents, type ServerToClientEvents } from "@contract";
import { OverviewStore } from "../_topics/overview-store";
import { LiveStore } from "./live-store";

/** One store and one socket per tab, shared by every component of the page. */
export const liveStore = new LiveStore(2000);
export const overviewStore = new OverviewStore();

let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
let users = 0;

/** Opens the socket on first use and closes it when the last user goes; returns the release function. */
export function connectLive(): () => void {
  users += 1;
  if (!socket) {
    socket = io({ transports: ["websocket", "polling"], reconnectionDelayMax: 5000 });
    socket.on("connect", () => liveStore.setSocket("connected"));
    socket.on("disconnect", () => liveStore.setSocket("disconnected"));
    socket.io.on("reconnect_attempt", () => liveStore.setSocket("connecting"));
    socket.on("connect_error", () => liveStore.setSocket("disconnected"));
    socket.on(SocketEvents.recordsBatch, (batch) => liveStore.receiveBatch(batch));
    socket.on(SocketEvents.status, (status) => liveStore.receiveStatus(status));
    socket.on(SocketEvents.overview, (overview) => overviewStore.receive(overview));
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
