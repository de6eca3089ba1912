import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The custom server (server/main.ts) owns the HTTP port, socket.io and /api;
  // Next.js only renders the UI, so no server-side state is created in route handlers.
  typedRoutes: false,
};

export default nextConfig;
