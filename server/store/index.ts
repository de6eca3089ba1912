import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { loadMigrations, migrationsDir, type Provider } from "./migrations";
import { openMigrated } from "./open";
import { resolveDatabase } from "./url";

export { StoreError } from "./open";

export interface TopicStatRow {
  topic: string;
  records: bigint;
  bytes: bigint;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export interface Store {
  provider: Provider;
  db: Db;
  /** Adds counts observed since the last flush: one transaction, one upsert per topic. */
  addTopicCounts(
    deltas: ReadonlyArray<{ topic: string; records: number; bytes: number; lastSeenAt: Date }>,
  ): Promise<void>;
  listTopicStats(): Promise<TopicStatRow[]>;
  /** Adds 10 s throughput buckets (increments existing ones); one transaction. */
  addThroughputBuckets(
    deltas: ReadonlyArray<{ scope: string; partition: number; bucket: number; records: number; bytes: number }>,
  ): Promise<void>;
  /** Buckets of one scope and partition with `fromSec <= bucket < toSec`, oldest first. */
  throughputBuckets(
    scope: string,
    partition: number,
    fromSec: number,
    toSec: number,
  ): Promise<Array<{ t: number; records: number; bytes: number }>>;
  /** Deletes buckets older than `beforeSec`; returns how many. */
  pruneThroughput(beforeSec: number): Promise<number>;
  /** Cheap reachability check for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Both generated clients come from one model source (prisma/schema.prisma), so
 * their model APIs are identical; the SQLite client's type stands for both.
 */
type Client = InstanceType<typeof SqliteClient>;
/** The Prisma client, for capability folders that keep their own tables (server/dlq/repo.ts). */
export type Db = Client;

/** Opens DATABASE_URL (default SQLite in the data dir), applies pending migrations, returns the store. */
export async function openStore(opts: {
  databaseUrl?: string;
  dataDir: string;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}): Promise<Store> {
  const target = resolveDatabase(opts.databaseUrl, opts.dataDir);
  const migrations = loadMigrations(migrationsDir(target.provider));
  const client: Client = await openMigrated(
    target,
    migrations,
    (t) =>
      t.provider === "sqlite"
        ? new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: `file:${t.location}` }) })
        : (new PostgresClient({ adapter: new PrismaPg({ connectionString: t.location }) }) as unknown as Client),
    opts.log,
  );

  return {
    provider: target.provider,
    db: client,
    async addTopicCounts(deltas) {
      if (deltas.length === 0) return;
      await client.$transaction(
        deltas.map((d) =>
          client.topicStat.upsert({
            where: { topic: d.topic },
            create: {
              topic: d.topic,
              records: BigInt(d.records),
              bytes: BigInt(d.bytes),
              firstSeenAt: d.lastSeenAt,
              lastSeenAt: d.lastSeenAt,
            },
            update: {
              records: { increment: BigInt(d.records) },
              bytes: { increment: BigInt(d.bytes) },
              lastSeenAt: d.lastSeenAt,
            },
          }),
        ),
      );
    },
    listTopicStats: () => client.topicStat.findMany({ orderBy: { topic: "asc" } }),
    async addThroughputBuckets(deltas) {
      if (deltas.length === 0) return;
      await client.$transaction(
        deltas.map((d) => {
          const key = { scope: d.scope, partition: d.partition, bucket: new Date(d.bucket * 1000) };
          return client.throughputBucket.upsert({
            where: { scope_partition_bucket: key },
            create: { ...key, records: BigInt(d.records), bytes: BigInt(d.bytes) },
            update: { records: { increment: BigInt(d.records) }, bytes: { increment: BigInt(d.bytes) } },
          });
        }),
      );
    },
    async throughputBuckets(scope, partition, fromSec, toSec) {
      const rows = await client.throughputBucket.findMany({
        where: { scope, partition, bucket: { gte: new Date(fromSec * 1000), lt: new Date(toSec * 1000) } },
        orderBy: { bucket: "asc" },
      });
      return rows.map((r) => ({ t: r.bucket.getTime() / 1000, records: Number(r.records), bytes: Number(r.bytes) }));
    },
    async pruneThroughput(beforeSec) {
      const r = await client.throughputBucket.deleteMany({ where: { bucket: { lt: new Date(beforeSec * 1000) } } });
      return r.count;
    },
    async ping() {
      await client.$queryRawUnsafe("SELECT 1");
    },
    close: () => client.$disconnect(),
  };
}
