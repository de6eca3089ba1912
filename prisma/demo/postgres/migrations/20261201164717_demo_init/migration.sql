-- Demo databases created before the demo had a schema of its own got these tables
-- from the product's migrations (20261125181608_demo_system) with this same shape:
-- IF NOT EXISTS lets such a database take this history as it is.

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE IF NOT EXISTS "DemoOutbox" (
    "id" SERIAL NOT NULL,
    "service" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" BYTEA NOT NULL,
    "headers" TEXT NOT NULL,
    "compressed" BOOLEAN NOT NULL DEFAULT false,
    "availableAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "DemoOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE IF NOT EXISTS "DemoProcessed" (
    "service" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DemoProcessed_pkey" PRIMARY KEY ("service","eventId")
);

-- CreateTable
CREATE TABLE IF NOT EXISTS "DemoEntity" (
    "service" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DemoEntity_pkey" PRIMARY KEY ("service","id")
);

-- CreateIndex
CREATE INDEX IF NOT EXISTS "DemoOutbox_service_sentAt_id_idx" ON "DemoOutbox"("service", "sentAt", "id");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "DemoProcessed_processedAt_idx" ON "DemoProcessed"("processedAt");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "DemoEntity_service_state_dueAt_idx" ON "DemoEntity"("service", "state", "dueAt");

-- CreateIndex
CREATE INDEX IF NOT EXISTS "DemoEntity_updatedAt_idx" ON "DemoEntity"("updatedAt");
