import net from "node:net";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SocketEvents, type ServerStatus, type ServerToClientEvents } from "../../server/contract";
import { startSagascope, type Sagascope } from "../../server/app";
import { quietLog, testConfig, waitFor } from "./helpers";

/** A port with nothing listening: bind, note, close. */
async function deadPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

let app: Sagascope;

beforeAll(async () => {
  app = await startSagascope(testConfig(`127.0.0.1:${await deadPort()}`), quietLog(), { ui: false });
});
afterAll(async () => app?.close());

describe("broker unreachable at start", () => {
  it("keeps serving, reports disconnected with a code and a retry time", async () => {
    const socket: Socket<ServerToClientEvents> = io(app.url, { transports: ["websocket"] });
    let status: ServerStatus | undefined;
    socket.on(SocketEvents.status, (s) => (status = s));
    try {
      await waitFor("disconnected status", () => status?.kafka.state === "disconnected");
      expect(status!.kafka.error?.code).toBe("KAFKA_UNREACHABLE");
      expect(status!.kafka.retryAt).toBeGreaterThan(Date.now() - 1000);
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${app.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ kafka: false, database: true });
    } finally {
      socket.close();
    }
  });
});
