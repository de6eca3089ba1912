-- Demo databases created before the demo had a schema of its own got these tables
-- from the product's migrations (20261125181608_demo_system) with this same shape:
-- IF NOT EXISTS lets such a database take this history as it is.

-- CreateTable
CREATE TABLE IF NOT EXISTS "DemoOutbox" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "service" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" BLOB NOT NULL,
    "headers" TEXT NOT NULL,
    "compressed" BOOLEAN NOT NULL DEFAULT false,
    "availableAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME
);

-- CreateTable
CREATE TABLE IF NOT EXISTS "DemoProcessed" (
    "service" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "processedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("service", "eventId")
);

-- CreateTable
CREATE TABLE IF NOT EXISTS "DemoEntity" (
    "service" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "dueAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("service", "id")
);

-- CreateIndex
CREATE INDEX IF NOT EXISTS "DemoOutbox_service_sentAt_id_idx" ON "DemoOutbox"("service", "sentAt", "id");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "DemoProcessed_processedAt_idx" ON "DemoProcessed"("processedAt");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "DemoEntity_service_state_dueAt_idx" ON "DemoEntity"("service", "state", "dueAt");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "DemoEntity_updatedAt_idx" ON "DemoEntity"("updatedAt");
