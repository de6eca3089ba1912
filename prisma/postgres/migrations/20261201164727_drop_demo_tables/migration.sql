-- The demo system's tables (DemoOutbox, DemoProcessed, DemoEntity) move to the
-- demo's own schema and database (prisma/demo/schema.prisma, DEMO_DATABASE_URL).
-- 20261125181608_demo_system created them in every dashboard database, but the
-- demo never wrote to the dashboard's database by default (it uses demo.db in
-- DATA_DIR), so they are empty here unless DEMO_DATABASE_URL was set to
-- DATABASE_URL. IF EXISTS: a database whose tables were removed by hand still migrates.
-- No foreign key points at them, so a plain drop is enough.

-- DropTable
DROP TABLE IF EXISTS "DemoOutbox";

-- DropTable
DROP TABLE IF EXISTS "DemoProcessed";

-- DropTable
DROP TABLE IF EXISTS "DemoEntity";
