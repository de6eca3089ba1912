import { Masker } from "../security/masking";
import type { SchemaDecoder } from "./schema-registry";

/**
 * How records are turned into what people see: the masking rules and the
 * Schema Registry decoder (null when SCHEMA_REGISTRY_URL is unset). Built once
 * per app from its config and passed to whoever decodes (ingest, the records
 * API, the dead-letter console), never read from a module global, so two apps
 * in one process can mask and decode differently.
 */
export interface Decoding {
  masking: Masker;
  schemas: SchemaDecoder | null;
}

/** No masking rules, no Schema Registry (tests, tools). */
export const plainDecoding = (): Decoding => ({ masking: new Masker(), schemas: null });
