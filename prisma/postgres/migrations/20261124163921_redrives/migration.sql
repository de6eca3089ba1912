-- CreateTable
CREATE TABLE "Redrive" (
    "id" TEXT NOT NULL,
    "dltTopic" TEXT NOT NULL,
    "filter" TEXT NOT NULL,
    "ratePerSec" INTEGER NOT NULL,
    "targetTopic" TEXT,
    "state" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "operator" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Redrive_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RedriveLock" (
    "dltTopic" TEXT NOT NULL,
    "redriveId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RedriveLock_pkey" PRIMARY KEY ("dltTopic")
);

-- CreateIndex
CREATE INDEX "Redrive_dltTopic_idx" ON "Redrive"("dltTopic");
