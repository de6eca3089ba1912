// Renders prisma/schema.prisma once per provider. A generated Prisma client is
// tied to one provider, so SQLite and PostgreSQL each get a schema file, a
// client and a migration history; all come from this one source so they cannot drift.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
export const providers = [
  { name: "sqlite", prismaProvider: "sqlite", dir: path.join(root, "prisma", "sqlite") },
  { name: "postgres", prismaProvider: "postgresql", dir: path.join(root, "prisma", "postgres") },
];

export function renderSchema(source, provider) {
  const header = "// Generated from prisma/schema.prisma by scripts/prisma-schemas.mjs: do not edit.\n";
  return header + source.replace(/output\s*=\s*"\.\.\/server\/store\/generated\/__PROVIDER__"/, `output = "../../server/store/generated/${provider.name}"`).replaceAll("__PROVIDER__", provider.prismaProvider);
}

export function writeSchemas() {
  const source = readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8");
  return providers.map((p) => {
    mkdirSync(p.dir, { recursive: true });
    const file = path.join(p.dir, "schema.prisma");
    const text = renderSchema(source, p);
    writeFileSync(file, text);
    return { ...p, file, text };
  });
}
