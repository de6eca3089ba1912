/**
 * Each capability's contract, one file per capability: its routes (the
 * server binds handlers to them; the browser calls them) and any socket
 * topics it adds. This file is the one list of them.
 */
import type { SocketTopic } from "../socket";
import { auditRoutes } from "./audit";
import { authRoutes } from "./auth";
import { demoRoutes } from "./demo";
import { dlqRoutes } from "./dlq";
import { groupsRoutes } from "./groups";
import { platformRoutes } from "./platform";
import { profilesRoutes } from "./profiles";
import { recordsRoutes } from "./records";
import { discoveryRoutes, sagasRoutes } from "./sagas";
import { topicsRoutes } from "./topics";
import { tracesRoutes } from "./traces";

export * from "./audit";
export * from "./auth";
export * from "./demo";
export * from "./dlq";
export * from "./groups";
export * from "./platform";
export * from "./profiles";
export * from "./records";
export * from "./sagas";
export * from "./topics";
export * from "./traces";

/** Every declared route by capability: what the route-table test walks and what the server must implement exactly once. */
export const apiRoutes = {
  platform: platformRoutes,
  topics: topicsRoutes,
  profiles: profilesRoutes,
  auth: authRoutes,
  sagas: sagasRoutes,
  discovery: discoveryRoutes,
  traces: tracesRoutes,
  records: recordsRoutes,
  groups: groupsRoutes,
  demo: demoRoutes,
  dlq: dlqRoutes,
  audit: auditRoutes,
} as const;

/**
 * Socket topics capabilities declare beside their routes (`<capability>Topics`
 * in their file), merged into `socketTopics` (../socket.ts holds the core ones:
 * records, status, overview, session end, subscribe).
 */
export const capabilitySocketTopics = {} as const satisfies Record<string, SocketTopic>;
