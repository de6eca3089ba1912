// Creates migrations without Prisma's native schema engine (its download host
// is unreachable here): the same engine compiled to WebAssembly computes the
// SQL. Each migration folder keeps, beside migration.sql, the schema it leads
// to (schema.prisma), so the next migration is a diff between two schema
// files and needs no shadow database. Both schema sources are covered: the
// product's (prisma/schema.prisma → prisma/{sqlite,postgres}/migrations) and
// the demo's (prisma/demo/schema.prisma → prisma/demo/{sqlite,postgres}/migrations).
//
//   node scripts/prisma-migrations.mjs new <name>   add a migration for each provider of each changed schema
//   node scripts/prisma-migrations.mjs check        exit 1 if a schema changed without a migration
//
// PostgreSQL diffs need a reachable server: TEST_POSTGRES_URL (nothing is written to it).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { writeSchemas } from "./prisma-schemas.mjs";

const require = createRequire(import.meta.url);

async function loadEngine() {
  const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const wasmFile = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg").replace(/\.js$/, ".wasm");
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmFile), { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start?.();
  return bg.SchemaEngine;
}

async function adapterFor(provider) {
  const { bindMigrationAwareSqlAdapterFactory, mockMigrationAwareAdapterFactory } = await import(
    "@prisma/driver-adapter-utils"
  );
  if (provider.name === "sqlite")
    return bindMigrationAwareSqlAdapterFactory(mockMigrationAwareAdapterFactory("sqlite"));
  const url = process.env.TEST_POSTGRES_URL;
  if (!url)
    throw new Error(
      "PostgreSQL migrations are computed against a live server: set TEST_POSTGRES_URL (bash scripts/ci-postgres.sh)",
    );
  const { PrismaPg } = await import("@prisma/adapter-pg");
  return bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: url }));
}

export function migrationDirs(provider) {
  const dir = path.join(provider.dir, "migrations");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(dir, d.name))
    .sort();
}

export function lastSnapshot(provider) {
  const last = migrationDirs(provider).at(-1);
  return last ? readFileSync(path.join(last, "schema.prisma"), "utf8") : null;
}

async function diffSql(SchemaEngine, provider, fromSchema, toSchema) {
  const adapter = await adapterFor(provider);
  const engine = await SchemaEngine.new({ datamodels: [["schema.prisma", toSchema]] }, () => {}, adapter);
  const from =
    fromSchema === null
      ? { tag: "empty" }
      : { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: fromSchema }] };
  const result = await engine.diff({
    from,
    to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: toSchema }] },
    script: true,
    shadowDatabaseUrl: null,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  return result.stdout ?? "";
}

async function main() {
  const [cmd, name] = process.argv.slice(2);
  const schemas = writeSchemas();
  if (cmd === "check") {
    const stale = schemas.filter((s) => lastSnapshot(s) !== s.text);
    for (const s of stale)
      console.error(`${s.source} changed since the last ${s.label} migration: run \`npm run db:migration -- <name>\``);
    process.exit(stale.length ? 1 : 0);
  }
  if (cmd !== "new" || !name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("usage: prisma-migrations.mjs new <snake_case_name> | check");
    process.exit(2);
  }
  const SchemaEngine = await loadEngine();
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  for (const s of schemas) {
    const sql = await diffSql(SchemaEngine, s, lastSnapshot(s), s.text);
    if (!sql.trim() || /empty migration/i.test(sql)) {
      console.error(`${s.label}: schema unchanged, no migration`);
      continue;
    }
    const dir = path.join(s.dir, "migrations", `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), sql);
    writeFileSync(path.join(dir, "schema.prisma"), s.text);
    console.error(`${s.label}: wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
  process.exit(0);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
