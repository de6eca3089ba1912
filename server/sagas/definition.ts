import { z } from "zod";

export const TerminalKinds = ["completed", "compensated", "failed"] as const;
export type TerminalKind = (typeof TerminalKinds)[number];

/**
 * Where a value is read from a record: `headers.<name>` (the last value of
 * that header, as UTF-8) or `value.<dot.path>` into the JSON value.
 */
const pathSchema = z
  .string()
  .regex(/^(headers\.[^\s]+|value(\.[^.\s]+)+|key)$/, "must be `key`, `headers.<name>` or `value.<json.path>`");
const paths = z.union([pathSchema, z.array(pathSchema).min(1)]).transform((p) => (Array.isArray(p) ? p : [p]));

const stateSchema = z
  .object({
    terminal: z.enum(TerminalKinds).optional(),
    /** Longest a live instance may stay here before it is flagged stuck (SLA). */
    timeoutSec: z.number().positive().optional(),
    description: z.string().optional(),
  })
  .strict();

export const definitionSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lower-case letters, digits and dashes"),
    description: z.string().optional(),
    /** `choreography` (services react to each other's events) or `orchestration` (a coordinator sends commands). */
    style: z.enum(["choreography", "orchestration"]).default("choreography"),
    topics: z.array(z.string().min(1)).min(1),
    /** First path that yields a value wins. CloudEvents: `headers.ce_subject`, `headers.ce_id`… */
    correlation: paths,
    eventType: paths,
    /** Identifies an event for duplicate detection; default: none (topic-partition-offset only). */
    eventId: paths.optional(),
    /** The state an instance is in before its first event. */
    initial: z.string().min(1),
    states: z.record(z.string(), stateSchema),
    transitions: z
      .array(
        z
          .object({
            from: z.string().min(1),
            event: z.string().min(1),
            to: z.string().min(1),
            compensation: z.boolean().default(false),
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .superRefine((d, ctx) => {
    const known = new Set(Object.keys(d.states));
    if (!known.has(d.initial))
      ctx.addIssue({ code: "custom", path: ["initial"], message: `"${d.initial}" is not one of the states` });
    d.transitions.forEach((t, i) => {
      if (!known.has(t.from))
        ctx.addIssue({
          code: "custom",
          path: ["transitions", i, "from"],
          message: `"${t.from}" is not one of the states`,
        });
      if (!known.has(t.to))
        ctx.addIssue({ code: "custom", path: ["transitions", i, "to"], message: `"${t.to}" is not one of the states` });
      if (d.states[t.from]?.terminal)
        ctx.addIssue({
          code: "custom",
          path: ["transitions", i, "from"],
          message: `"${t.from}" is terminal; nothing leaves it`,
        });
      const clash = d.transitions.findIndex((o, j) => j < i && o.from === t.from && o.event === t.event);
      if (clash >= 0)
        ctx.addIssue({
          code: "custom",
          path: ["transitions", i],
          message: `"${t.from}" --${t.event}--> is defined twice (also transitions[${clash}])`,
        });
    });
    if (!Object.values(d.states).some((s) => s.terminal))
      ctx.addIssue({
        code: "custom",
        path: ["states"],
        message: "no terminal state: mark at least one with terminal completed, compensated or failed",
      });
  });

export type SagaDefinition = z.output<typeof definitionSchema>;

/** A definition file that could not be used: which file, which saga, which field, what is wrong. */
export interface BrokenDefinition {
  file: string;
  saga: string | null;
  errors: Array<{ field: string; message: string }>;
}

/** Parses one definition file's text; never throws. */
export function parseDefinition(
  file: string,
  text: string,
): { ok: true; definition: SagaDefinition } | { ok: false; broken: BrokenDefinition } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      broken: { file, saga: null, errors: [{ field: "(file)", message: `not valid JSON: ${(err as Error).message}` }] },
    };
  }
  const saga =
    typeof raw === "object" && raw !== null && typeof (raw as { name?: unknown }).name === "string"
      ? (raw as { name: string }).name
      : null;
  const r = definitionSchema.safeParse(raw);
  if (r.success) return { ok: true, definition: r.data };
  return {
    ok: false,
    broken: {
      file,
      saga,
      errors: r.error.issues.map((i) => ({ field: i.path.join(".") || "(root)", message: i.message })),
    },
  };
}
