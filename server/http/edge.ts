import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { Principal } from "../auth/gate";

/** Paths the route table answers (everything else is a page Next.js renders). */
export const isApiPath = (p: string): boolean =>
  p.startsWith("/api/") || p === "/metrics" || p === "/healthz" || p === "/readyz";

/** Pages and files anyone may load: the login page and what it needs. */
const publicPage = (pathname: string) =>
  pathname === "/login" || pathname.startsWith("/_next/") || pathname === "/icon.svg" || pathname === "/favicon.ico";

export interface EdgeOptions {
  /** The route table's Node listener (server/http/api.ts through @hono/node-server). */
  api: (req: IncomingMessage, res: ServerResponse) => unknown;
  /** Next.js's request handler; without it (tests, ui: false) pages are 404. */
  pages?: (req: IncomingMessage, res: ServerResponse) => unknown;
  identify: (req: { method: string; headers: IncomingHttpHeaders; remoteAddress?: string }) => Promise<Principal>;
  /** Whether pages need a login (accounts exist or the server is not on loopback). */
  pagesNeedLogin: () => Promise<boolean>;
  onError: (err: unknown, url: string) => void;
}

/**
 * The one HTTP listener: API paths go to the route table (which checks
 * roles itself); a page of a server that needs a login sends a browser that
 * has no session to /login first. Public pages and assets load even while
 * the database (sessions) is down.
 */
export function createEdge(opts: EdgeOptions) {
  const page = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (!publicPage(url.pathname)) {
      const principal = await opts.identify({
        method: req.method ?? "GET",
        headers: req.headers,
        remoteAddress: req.socket.remoteAddress,
      });
      if (principal.kind !== "session" && principal.kind !== "open" && (await opts.pagesNeedLogin())) {
        res.writeHead(303, {
          location: `/login?next=${encodeURIComponent(url.pathname + url.search)}`,
          "cache-control": "no-store",
        });
        res.end();
        return;
      }
    }
    if (opts.pages) await opts.pages(req, res);
    else res.writeHead(404).end();
  };
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (isApiPath(url.pathname)) {
      void opts.api(req, res);
      return;
    }
    page(req, res, url).catch((err: unknown) => {
      opts.onError(err, req.url ?? "");
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}
