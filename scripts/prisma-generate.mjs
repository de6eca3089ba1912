// npm postinstall: renders the per-provider schemas of the product and of the
// demo system and generates their four Prisma clients, offline. The Prisma CLI
// downloads a native schema engine before any command unless
// PRISMA_SCHEMA_ENGINE_BINARY names an existing file; `generate` never runs
// that engine, so any existing file will do.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { writeSchemas } from "./prisma-schemas.mjs";

const root = path.resolve(import.meta.dirname, "..");
const cli = path.join(root, "node_modules", "prisma", "build", "index.js");
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};

for (const schema of writeSchemas()) {
  const r = spawnSync(process.execPath, [cli, "generate", "--schema", schema.file], {
    cwd: root,
    env,
    encoding: "utf8",
  });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    process.exit(r.status ?? 1);
  }
  process.stderr.write(`prisma client generated for ${schema.label}\n`);
}
