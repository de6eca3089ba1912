-- CreateTable
CREATE TABLE "Redrive" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dltTopic" TEXT NOT NULL,
    "filter" TEXT NOT NULL,
    "ratePerSec" INTEGER NOT NULL,
    "targetTopic" TEXT,
    "state" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "operator" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "RedriveLock" (
    "dltTopic" TEXT NOT NULL PRIMARY KEY,
    "redriveId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Redrive_dltTopic_idx" ON "Redrive"("dltTopic");
