-- CreateTable
CREATE TABLE "DemoOutbox" (
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
CREATE TABLE "DemoProcessed" (
    "service" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "processedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("service", "eventId")
);

-- CreateTable
CREATE TABLE "DemoEntity" (
    "service" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "dueAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("service", "id")
);

-- CreateIndex
CREATE INDEX "DemoOutbox_service_sentAt_id_idx" ON "DemoOutbox"("service", "sentAt", "id");

-- CreateIndex
CREATE INDEX "DemoProcessed_processedAt_idx" ON "DemoProcessed"("processedAt");

-- CreateIndex
CREATE INDEX "DemoEntity_service_state_dueAt_idx" ON "DemoEntity"("service", "state", "dueAt");

-- CreateIndex
CREATE INDEX "DemoEntity_updatedAt_idx" ON "DemoEntity"("updatedAt");
