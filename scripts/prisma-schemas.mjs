// Renders each Prisma schema source once per provider. A generated Prisma
// client is tied to one provider, so SQLite and PostgreSQL each get a schema
// file, a client and a migration history; all come from one source so they
// cannot drift. Two sources: the product's (prisma/schema.prisma) and the demo
// system's (prisma/demo/schema.prisma), which lives in the demo's own database
// (DEMO_DATABASE_URL) and so has its own client and migrations.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const providerList = [
  { name: "sqlite", prismaProvider: "sqlite" },
  { name: "postgres", prismaProvider: "postgresql" },
];
/** Each source's rendered schemas and migrations go to `<dir>/<provider>/`. */
export const sources = [
  { schema: "product", source: "prisma/schema.prisma", dir: path.join(root, "prisma") },
  { schema: "demo", source: "prisma/demo/schema.prisma", dir: path.join(root, "prisma", "demo") },
];

/**
 * The source with its provider filled in. The rendered file sits one folder
 * below its source, so the client's relative `output` path gains a `../`.
 */
export function renderSchema(text, provider, source = sources[0]) {
  const header = `// Generated from ${source.source} by scripts/prisma-schemas.mjs: do not edit.\n`;
  return (
    header +
    text
      .replace(/output\s*=\s*"((?:\.\.\/)+[^"]*)__PROVIDER__"/, (_, out) => `output = "../${out}${provider.name}"`)
      .replaceAll("__PROVIDER__", provider.prismaProvider)
  );
}

/** Writes every source's per-provider schema; returns one entry per (source, provider). */
export function writeSchemas() {
  return sources.flatMap((s) => {
    const text = readFileSync(path.join(root, s.source), "utf8");
    return providerList.map((p) => {
      const dir = path.join(s.dir, p.name);
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, "schema.prisma");
      const rendered = renderSchema(text, p, s);
      writeFileSync(file, rendered);
      return { ...p, schema: s.schema, source: s.source, dir, file, text: rendered, label: `${s.schema}/${p.name}` };
    });
  });
}
