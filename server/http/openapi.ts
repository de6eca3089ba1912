import { z } from "zod";
import { wireRecordSchema } from "../contract";
import { demoPaths, demoSchemas } from "../demo/openapi";

/**
 * The REST API as an OpenAPI 3.1 document, served at /api/openapi.json.
 * routes.test.ts checks that every path the server answers is listed here.
 */

const json = (schema: object, description = "OK") => ({ description, content: { "application/json": { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string) => json(ref("Error"), description);
const idParam = { name: "id", in: "path", required: true, description: "The dead letter's id, `topic/partition/offset`, URL-encoded.", schema: { type: "string" } };
/** Operator routes: a session (plus x-csrf-token) or a bearer API token of the operator role or above. */
const operatorSecurity = [{ session: [], csrf: [] }, { apiToken: [] }];
const adminSecurity = operatorSecurity;
const actionErrors = {
  "400": errorResponse("Invalid body (INVALID_BODY, REASON_REQUIRED, INVALID_JSON_VALUE, NO_TARGET_TOPIC)"),
  "401": errorResponse("UNAUTHENTICATED (no session or token) or INVALID_CREDENTIALS (a token that is wrong, revoked or expired)"),
  "403": errorResponse("FORBIDDEN (the role is not enough), CSRF_TOKEN (a session without its x-csrf-token) or CROSS_ORIGIN"),
  "404": errorResponse("NOT_FOUND"),
  "409": errorResponse("RETRY_IN_PROGRESS, ALREADY_PUBLISHED, DISCARDED, CONFLICT, REDRIVE_RUNNING"),
};

const preview = {
  type: "object",
  required: ["encoding", "text", "bytes", "truncated"],
  properties: {
    encoding: { enum: ["json", "text", "hex", "null"] },
    text: { type: "string", description: "Pretty JSON, UTF-8 text or a hex dump; always text, never HTML." },
    bytes: { type: "integer" },
    truncated: { type: "boolean" },
  },
};

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Sagascope",
    version: "0.1.0",
    description:
      "Live dashboard for event-driven systems on Apache Kafka. Once an account exists, every route but /healthz, /readyz, GET /api/auth/session and POST /api/auth/login needs a session cookie or a bearer API token: viewer to read, operator for dead-letter actions and the demo's scenario controls, admin for /api/admin. State-changing requests need a JSON body, a same-origin Origin (when sent) and, with a session, x-csrf-token. On loopback without accounts nothing needs a login.",
  },
  servers: [{ url: "/" }],
  components: {
    securitySchemes: {
      session: { type: "apiKey", in: "cookie", name: "sagascope_session", description: "Set by POST /api/auth/login" },
      csrf: { type: "apiKey", in: "header", name: "x-csrf-token", description: "The session's csrfToken from GET /api/auth/session; required on writes with a session" },
      apiToken: { type: "http", scheme: "bearer", description: "An API token (ssc_…) from /api/admin/tokens or `npm run user -- token`, or OPERATOR_TOKEN" },
    },
    parameters: {
      operatorName: { name: "x-sagascope-operator", in: "header", required: false, description: "Operator name recorded in the audit log.", schema: { type: "string" } },
    },
    schemas: {
      Error: { type: "object", required: ["error"], properties: { error: { type: "object", required: ["code"], properties: { code: { type: "string" }, message: { type: "string" } } } } },
      Preview: preview,
      Session: {
        type: "object",
        properties: {
          mode: { enum: ["open", "login"] },
          user: { type: ["object", "null"], properties: { username: { type: "string" }, role: { enum: ["viewer", "operator", "admin"] }, via: { enum: ["session", "token", "operator-token"] } } },
          role: { enum: ["viewer", "operator", "admin", null] },
          csrfToken: { type: ["string", "null"] },
        },
      },
      User: { type: "object", properties: { id: { type: "string" }, username: { type: "string" }, role: { enum: ["viewer", "operator", "admin"] }, disabled: { type: "boolean" }, createdAt: { type: "string", format: "date-time" } } },
      Token: {
        type: "object",
        properties: { id: { type: "string" }, name: { type: "string" }, username: { type: "string" }, role: { enum: ["viewer", "operator", "admin"] }, createdAt: { type: "string" }, lastUsedAt: { type: ["string", "null"] }, expiresAt: { type: ["string", "null"] }, revokedAt: { type: ["string", "null"] } },
      },
      Origin: {
        type: "object",
        properties: {
          topic: { type: "string" },
          partition: { type: "integer" },
          offset: { type: "string" },
          timestamp: { type: "integer" },
          timestampType: { type: "string" },
          consumerGroup: { type: "string" },
          connector: { type: "string" },
          task: { type: "string" },
          stage: { type: "string" },
          className: { type: "string" },
        },
      },
      DeadLetterError: { type: "object", properties: { className: { type: "string" }, causeClassName: { type: "string" }, message: { type: "string" }, stackTrace: { type: "string" } } },
      DeadLetterSummary: {
        type: "object",
        properties: {
          id: { type: "string" },
          topic: { type: "string" },
          partition: { type: "integer" },
          offset: { type: "string" },
          timestamp: { type: "integer" },
          status: { enum: ["new", "retrying", "published", "failed", "discarded"] },
          attempts: { type: "integer" },
          conventions: { type: "array", items: { enum: ["spring", "spring-retry", "spring-cloud-stream", "connect", "streams", "share-group"] } },
          origin: ref("Origin"),
          error: ref("DeadLetterError"),
          key: ref("Preview"),
          size: { type: "integer" },
          previousId: { type: ["string", "null"], description: "The dead letter whose replay failed again and came back as this one." },
          createdAt: { type: "string", format: "date-time" },
        },
      },
      Replay: {
        type: "object",
        properties: {
          id: { type: "string" },
          attempt: { type: "integer" },
          state: { enum: ["pending", "publishing", "published", "failed"] },
          targetTopic: { type: "string" },
          operator: { type: "string" },
          reason: { type: "string" },
          edited: { type: "boolean" },
          redriveId: { type: ["string", "null"] },
          error: { type: ["string", "null"] },
          resultPartition: { type: ["integer", "null"] },
          resultOffset: { type: ["string", "null"] },
        },
      },
      Redrive: {
        type: "object",
        properties: {
          id: { type: "string" },
          dltTopic: { type: "string" },
          filter: { type: "object" },
          ratePerSec: { type: "integer" },
          targetTopic: { type: ["string", "null"] },
          state: { enum: ["running", "completed", "cancelled", "interrupted"] },
          total: { type: "integer" },
          counts: { type: "object", additionalProperties: { type: "integer" } },
          results: { type: "array", items: { type: "object" } },
        },
      },
      // Generated from the contract's zod schema (JSON Schema 2020-12, which OpenAPI 3.1 uses), so it cannot drift.
      WireRecord: (({ $schema: _, ...rest }) => rest)(z.toJSONSchema(wireRecordSchema, { io: "output" }) as Record<string, unknown>),
      ...demoSchemas,
      SeriesPoint: { type: "object", properties: { t: { type: "integer", description: "epoch seconds" }, recordsPerSec: { type: "number" }, bytesPerSec: { type: "number" } } },
    },
  },
  paths: {
    "/healthz": { get: { summary: "Process is up", responses: { "200": json({ type: "object" }) } } },
    "/readyz": { get: { summary: "Kafka and the database are reachable", responses: { "200": json({ type: "object" }), "503": json({ type: "object" }, "Not ready") } } },
    "/metrics": { get: { summary: "Prometheus metrics: ingest, Kafka, browsers, dropped records, operator actions, dead letters, sagas, process", responses: { "200": { description: "Prometheus text format 0.0.4", content: { "text/plain": {} } } } } },
    "/api/openapi.json": { get: { summary: "This document", responses: { "200": json({ type: "object" }) } } },
    "/api/status": { get: { summary: "Kafka connection state, topics, records ingested", responses: { "200": json({ type: "object" }) } } },
    "/api/health": { get: { summary: "Server, Kafka connection and database state (always 200; /readyz answers 503 when not ready)", responses: { "200": json({ type: "object", properties: { server: { const: "up" }, kafka: { type: "object" }, database: { enum: ["up", "down"] } } }) } } },
    "/api/topics": {
      get: {
        summary: "Every topic: partitions, messages/s and bytes/s now, totals since first seen (persisted), dead-letter flag",
        responses: {
          "200": json({
            type: "object",
            properties: {
              topics: {
                type: "array",
                items: {
                  type: "object",
                  properties: { name: { type: "string" }, partitions: { type: ["integer", "null"] }, messagesPerSecond: { type: "number" }, bytesPerSecond: { type: "number" }, totalMessages: { type: "number" }, totalBytes: { type: "number" }, isDeadLetter: { type: "boolean" }, records: { type: "string", description: "totalMessages exactly (bigint as a string)" }, bytes: { type: "string" }, firstSeenAt: { type: ["string", "null"] }, lastSeenAt: { type: ["string", "null"] } },
                },
              },
            },
          }),
        },
      },
    },
    "/api/topics/{name}/throughput": {
      get: {
        summary: "A topic's messages/s and bytes/s at 1 s resolution (downsampled to about 1,000 points), optionally one partition",
        parameters: [
          { name: "name", in: "path", required: true, schema: { type: "string" } },
          { name: "window", in: "query", schema: { enum: ["5m", "1h", "24h"], default: "5m" } },
          { name: "partition", in: "query", schema: { type: "integer", minimum: 0 } },
        ],
        responses: { "200": json({ type: "object" }), "400": errorResponse("INVALID_WINDOW or INVALID_PARTITION"), "404": errorResponse("UNKNOWN_TOPIC") },
      },
    },
    "/api/topics/{name}/messages": {
      get: {
        summary: "A page of decoded records from an offset or a time, all partitions merged by timestamp (or one partition)",
        parameters: [
          { name: "name", in: "path", required: true, schema: { type: "string" } },
          { name: "from", in: "query", schema: { type: "string" }, description: "An offset (digits; every partition, or the one given), an ISO date, or @epoch-milliseconds; omitted: each partition's oldest record" },
          { name: "partition", in: "query", schema: { type: "integer", minimum: 0 } },
          { name: "limit", in: "query", schema: { type: "integer", maximum: 500, default: 50 } },
        ],
        responses: {
          "200": json({ type: "object", properties: { records: { type: "array", items: ref("WireRecord") }, partitions: { type: "array", description: "per partition: low, high, from, next (where the next page starts)" } } }),
          "400": errorResponse("INVALID_FROM or INVALID_PARTITION"),
          "404": errorResponse("UNKNOWN_TOPIC or UNKNOWN_PARTITION"),
          "429": errorResponse("BUSY: too many reads running; retry shortly"),
        },
      },
    },
    "/api/consumer-groups": { get: { summary: "Every consumer group with state, members, total lag, growing flag and lag per topic and partition (null when never committed there)", responses: { "200": json({ type: "object" }) } } },
    "/api/overview": { get: { summary: "Per-topic and cluster rates now, 60 s sparkline, partitions, dead-letter flag", responses: { "200": json({ type: "object" }) } } },
    "/api/throughput": {
      get: {
        summary: "Records/s and bytes/s over a range, for a topic (or the cluster) and optionally one partition",
        parameters: [
          { name: "topic", in: "query", schema: { type: "string" }, description: "Omitted or empty: the whole cluster." },
          { name: "partition", in: "query", schema: { type: "integer", minimum: -1 }, description: "-1 or omitted: all partitions." },
          { name: "range", in: "query", schema: { enum: ["5m", "1h", "24h"] } },
        ],
        responses: {
          "200": json({ type: "object", properties: { scope: { type: "string" }, partition: { type: "integer" }, range: { type: "string" }, step: { type: "integer" }, points: { type: "array", items: ref("SeriesPoint"), maxItems: 1000 } } }),
          "400": errorResponse("INVALID_RANGE or INVALID_PARTITION"),
        },
      },
    },
    "/api/auth/session": {
      get: {
        summary: "Who the caller is: mode (open: loopback without accounts; login), user, role and the session's CSRF token",
        security: [],
        responses: { "200": json(ref("Session")) },
      },
    },
    "/api/auth/login": {
      post: {
        summary: "Sign in; sets the sagascope_session cookie (HttpOnly, SameSite=Strict)",
        security: [],
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["username", "password"], properties: { username: { type: "string" }, password: { type: "string" } } } } } },
        responses: { "200": json(ref("Session")), "401": errorResponse("INVALID_CREDENTIALS"), "429": errorResponse("TOO_MANY_ATTEMPTS, with retryAfterSec and a Retry-After header") },
      },
    },
    "/api/auth/logout": { post: { summary: "End this session and clear the cookie", security: operatorSecurity, responses: { "200": json({ type: "object" }) } } },
    "/api/auth/password": {
      post: {
        summary: "Change your own password; ends all your sessions",
        security: [{ session: [], csrf: [] }],
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["current", "next"], properties: { current: { type: "string" }, next: { type: "string", minLength: 12 } } } } } },
        responses: { "200": json({ type: "object" }), "400": errorResponse("WEAK_PASSWORD"), "403": errorResponse("INVALID_CREDENTIALS (wrong current password) or FORBIDDEN (not a session)") },
      },
    },
    "/api/admin/users": {
      get: { summary: "Every user (admin)", security: adminSecurity, responses: { "200": json({ type: "object", properties: { users: { type: "array", items: ref("User") } } }), "403": errorResponse("FORBIDDEN") } },
      post: {
        summary: "Create a user (admin)",
        security: adminSecurity,
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["username", "password", "role"], properties: { username: { type: "string" }, password: { type: "string", minLength: 12 }, role: { enum: ["viewer", "operator", "admin"] } } } } } },
        responses: { "201": json(ref("User")), "400": errorResponse("INVALID_USERNAME, WEAK_PASSWORD, INVALID_BODY"), "409": errorResponse("USERNAME_TAKEN") },
      },
    },
    "/api/admin/users/{id}": {
      patch: {
        summary: "Change a user's role, disable or enable them, or set their password; ends their sessions when access shrinks (admin)",
        security: adminSecurity,
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", properties: { role: { enum: ["viewer", "operator", "admin"] }, disabled: { type: "boolean" }, password: { type: "string" } } } } } },
        responses: { "200": json(ref("User")), "404": errorResponse("NOT_FOUND"), "409": errorResponse("LAST_ADMIN") },
      },
      delete: { summary: "Delete a user, their sessions and tokens (admin)", security: adminSecurity, parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": json({ type: "object" }), "404": errorResponse("NOT_FOUND"), "409": errorResponse("LAST_ADMIN") } },
    },
    "/api/admin/tokens": {
      get: { summary: "Every API token, without secrets (admin)", security: adminSecurity, responses: { "200": json({ type: "object", properties: { tokens: { type: "array", items: ref("Token") } } }) } },
      post: {
        summary: "Create an API token for a user; the token is in this answer only (admin)",
        security: adminSecurity,
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["username", "name", "role"], properties: { username: { type: "string" }, name: { type: "string" }, role: { enum: ["viewer", "operator", "admin"] }, expiresInDays: { type: "integer" } } } } } },
        responses: { "201": json({ allOf: [ref("Token"), { type: "object", properties: { token: { type: "string" } } }] }), "404": errorResponse("NOT_FOUND (no such user)") },
      },
    },
    "/api/admin/tokens/{id}": { delete: { summary: "Revoke an API token (admin)", security: adminSecurity, parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": json(ref("Token")), "404": errorResponse("NOT_FOUND") } } },
    "/api/dlq/messages": {
      get: {
        summary: "Dead letters, newest first, with group counts",
        parameters: [
          { name: "topic", in: "query", schema: { type: "string" }, description: "Dead-letter topic" },
          { name: "status", in: "query", schema: { enum: ["new", "retrying", "published", "failed", "discarded"] } },
          { name: "q", in: "query", schema: { type: "string" }, description: "Substring of id, original topic, exception class or message" },
          { name: "group", in: "query", schema: { type: "string" }, description: "`originTopic:<v>`, `exceptionClass:<v>` or `message:<v>`" },
          { name: "limit", in: "query", schema: { type: "integer", maximum: 1000 } },
        ],
        responses: { "200": json({ type: "object", properties: { messages: { type: "array", items: ref("DeadLetterSummary") }, total: { type: "integer" }, groups: { type: "object" } } }), "400": errorResponse("INVALID_STATUS") },
      },
    },
    "/api/dlq/messages/{id}": {
      get: {
        summary: "One dead letter with its error, stack trace, value, headers and attempts",
        parameters: [idParam],
        responses: { "200": json({ allOf: [ref("DeadLetterSummary"), { type: "object", properties: { value: ref("Preview"), headers: { type: "array" }, replays: { type: "array", items: ref("Replay") } } }] }), "404": errorResponse("NOT_FOUND") },
      },
    },
    "/api/dlq/messages/{id}/value": { get: { summary: "The value's raw bytes, whole", parameters: [idParam], responses: { "200": { description: "Bytes", content: { "application/octet-stream": {} } }, "404": errorResponse("NOT_FOUND") } } },
    "/api/dlq/messages/{id}/retry": {
      post: {
        summary: "Republish the record (optionally edited) to its original or a chosen topic, at most once unless forced",
        security: operatorSecurity,
        parameters: [idParam, { $ref: "#/components/parameters/operatorName" }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["reason"],
                properties: {
                  reason: { type: "string" },
                  targetTopic: { type: "string" },
                  value: { type: "string" },
                  valueFormat: { enum: ["json", "text"] },
                  headers: { type: "array", items: { type: "object", properties: { name: { type: "string" }, value: { type: "string" } } } },
                  force: { type: "boolean" },
                },
              },
            },
          },
        },
        responses: { "200": json({ type: "object", properties: { replayId: { type: "string" }, state: { const: "published" }, partition: { type: "integer" }, offset: { type: "string" } } }), ...actionErrors, "502": errorResponse("PUBLISH_FAILED: the attempt is recorded as failed and can be retried") },
      },
    },
    "/api/dlq/messages/{id}/discard": {
      post: {
        summary: "Mark the record resolved with a reason",
        security: operatorSecurity,
        parameters: [idParam, { $ref: "#/components/parameters/operatorName" }],
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["reason"], properties: { reason: { type: "string" } } } } } },
        responses: { "200": json({ type: "object" }), ...actionErrors },
      },
    },
    "/api/dlq/redrives": {
      get: { summary: "Recent redrives", responses: { "200": json({ type: "object", properties: { redrives: { type: "array", items: ref("Redrive") } } }) } },
      post: {
        summary: "Start a bulk redrive of a dead-letter topic's open records matching a filter, at a rate limit",
        security: operatorSecurity,
        parameters: [{ $ref: "#/components/parameters/operatorName" }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["dltTopic", "reason"],
                properties: {
                  dltTopic: { type: "string" },
                  filter: { type: "object", properties: { originTopic: { type: "string" }, exceptionClass: { type: "string" }, message: { type: "string" }, status: { enum: ["new", "failed"] }, q: { type: "string" } } },
                  ratePerSec: { type: "integer", minimum: 1, maximum: 5000, default: 50 },
                  targetTopic: { type: "string" },
                  reason: { type: "string" },
                },
              },
            },
          },
        },
        responses: { "202": json({ type: "object", properties: { id: { type: "string" }, total: { type: "integer" }, state: { const: "running" } } }, "Started"), ...actionErrors },
      },
    },
    "/api/dlq/redrives/{id}": {
      get: { summary: "A redrive's progress and a result for every record", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }, { name: "results", in: "query", schema: { enum: ["0", "1"] } }], responses: { "200": json(ref("Redrive")), "404": errorResponse("NOT_FOUND") } },
      delete: { summary: "Cancel a running redrive; what was sent stays sent", security: operatorSecurity, parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": json({ type: "object" }), ...actionErrors } },
    },
    "/api/groups": { get: { summary: "Consumer groups: state, members, topics, lag, growing flag, recent samples", responses: { "200": json({ type: "object" }) } } },
    "/api/groups/{id}": { get: { summary: "One group: members and assignments, lag per partition, lag history", parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }], responses: { "200": json({ type: "object" }), "404": errorResponse("NOT_FOUND") } } },
    "/api/records": {
      get: {
        summary: "Records of one partition from an offset or a time, read on demand",
        parameters: [
          { name: "topic", in: "query", required: true, schema: { type: "string" } },
          { name: "partition", in: "query", schema: { type: "integer", minimum: 0 } },
          { name: "offset", in: "query", schema: { type: "string", pattern: "^\\d+$" } },
          { name: "timestamp", in: "query", schema: { type: "string" }, description: "Epoch milliseconds or an ISO date; the first record at or after it" },
          { name: "limit", in: "query", schema: { type: "integer", maximum: 500 } },
        ],
        responses: { "200": json({ type: "object", properties: { records: { type: "array", items: ref("WireRecord") }, low: { type: "string" }, high: { type: "string" }, from: { type: "string" }, next: { type: "string" } } }), "400": errorResponse("INVALID_*"), "404": errorResponse("UNKNOWN_TOPIC or UNKNOWN_PARTITION") },
      },
    },
    "/api/records/{topic}/{partition}/{offset}": { get: { summary: "One record as the browser sees it; keys and values framed for a Schema Registry are decoded (keySchema/valueSchema say how, or why not)", parameters: [{ name: "topic", in: "path", required: true, schema: { type: "string" } }, { name: "partition", in: "path", required: true, schema: { type: "integer" } }, { name: "offset", in: "path", required: true, schema: { type: "string" } }], responses: { "200": json(ref("WireRecord")), "404": errorResponse("NOT_FOUND") } } },
    "/api/records/{topic}/{partition}/{offset}/value": { get: { summary: "One record's whole value, however large", parameters: [{ name: "topic", in: "path", required: true, schema: { type: "string" } }, { name: "partition", in: "path", required: true, schema: { type: "integer" } }, { name: "offset", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "Bytes", content: { "application/octet-stream": {} } }, "404": errorResponse("NOT_FOUND") } } },
    "/api/traces/{id}": {
      get: {
        summary: "Every recent record carrying an id (W3C trace id from traceparent, CloudEvents id, saga or correlation id, any header value or key), across topics, oldest first, with the gaps between hops",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", maxLength: 200 } }],
        responses: { "200": json({ type: "object", properties: { id: { type: "string" }, hops: { type: "array" }, topics: { type: "array", items: { type: "string" } }, gaps: { type: "array" }, spanMs: { type: "integer" } } }), "400": errorResponse("INVALID_ID") },
      },
    },
    "/api/discovery": { get: { summary: "The flow inferred from correlated events on topics no saga definition covers: a directly-follows graph with counts and durations, and a starting definition", responses: { "200": json({ type: "object" }) } } },
    "/api/discovery/definition.json": { get: { summary: "The discovered flow as a starting saga definition (save it in SAGAS_DIR and edit)", responses: { "200": json({ type: "object" }), "404": errorResponse("NOT_FOUND: nothing discovered yet") } } },
    "/api/sagas": { get: { summary: "Every saga's summary, broken definitions, replay progress", responses: { "200": json({ type: "object" }) } } },
    "/api/sagas/{name}": { get: { summary: "One saga: summary and definition", parameters: [{ name: "name", in: "path", required: true, schema: { type: "string" } }], responses: { "200": json({ type: "object" }), "404": errorResponse("NOT_FOUND") } } },
    "/api/sagas/{name}/instances": {
      get: {
        summary: "Instances of a saga, most recently active first",
        parameters: [
          { name: "name", in: "path", required: true, schema: { type: "string" } },
          { name: "state", in: "query", schema: { type: "string" } },
          { name: "q", in: "query", schema: { type: "string" }, description: "Substring of the correlation id" },
          { name: "anomaly", in: "query", schema: { enum: ["invalid-transition", "duplicate", "out-of-order", "stuck"] } },
          { name: "limit", in: "query", schema: { type: "integer", maximum: 1000 } },
        ],
        responses: { "200": json({ type: "object" }), "400": errorResponse("INVALID_ANOMALY"), "404": errorResponse("NOT_FOUND") },
      },
    },
    "/api/sagas/{name}/instances/{id}": {
      get: {
        summary: "One instance: history with records, step durations, anomalies",
        parameters: [
          { name: "name", in: "path", required: true, schema: { type: "string" } },
          { name: "id", in: "path", required: true, schema: { type: "string" } },
        ],
        responses: { "200": json({ type: "object" }), "404": errorResponse("NOT_FOUND") },
      },
    },
    ...demoPaths,
    "/api/audit": {
      get: {
        summary: "Every operator action, newest first",
        parameters: [
          { name: "deadLetterId", in: "query", schema: { type: "string" } },
          { name: "action", in: "query", schema: { type: "string", examples: ["retry", "edit-and-retry", "discard", "redrive", "redrive-cancel", "login", "demo.rate", "demo.failures", "demo.outage", "demo.poison", "demo.duplicates"] } },
          { name: "actor", in: "query", schema: { type: "string" } },
          { name: "format", in: "query", schema: { enum: ["json", "csv"] } },
          { name: "limit", in: "query", schema: { type: "integer", maximum: 10000 } },
        ],
        responses: { "200": { description: "Entries", content: { "application/json": { schema: { type: "object" } }, "text/csv": {} } } },
      },
    },
  },
} as const;
