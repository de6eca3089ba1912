import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseDefinition, type BrokenDefinition, type SagaDefinition } from "./definition";

/**
 * Reads every `*.json` in the sagas directory. A broken file is reported
 * (file, saga, field, message) and skipped; it never stops the server. Two
 * files defining one saga name: the second is reported as broken.
 */
export function loadDefinitions(dir: string): { definitions: SagaDefinition[]; broken: BrokenDefinition[] } {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ENOENT") return { definitions: [], broken: [] };
    return {
      definitions: [],
      broken: [{ file: dir, saga: null, errors: [{ field: "(directory)", message: (err as Error).message }] }],
    };
  }
  const definitions: SagaDefinition[] = [];
  const broken: BrokenDefinition[] = [];
  for (const f of files) {
    const file = path.join(dir, f);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      broken.push({ file, saga: null, errors: [{ field: "(file)", message: (err as Error).message }] });
      continue;
    }
    const r = parseDefinition(file, text);
    if (!r.ok) broken.push(r.broken);
    else if (definitions.some((d) => d.name === r.definition.name))
      broken.push({
        file,
        saga: r.definition.name,
        errors: [{ field: "name", message: `saga "${r.definition.name}" is already defined by another file` }],
      });
    else definitions.push(r.definition);
  }
  return { definitions, broken };
}
