-- CreateTable
CREATE TABLE "DeadLetter" (
    "id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "offset" BIGINT NOT NULL,
    "timestamp" TIMESTAMP(3) NOT NULL,
    "key" BYTEA,
    "value" BYTEA,
    "headers" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "info" TEXT NOT NULL,
    "originTopic" TEXT,
    "exceptionClass" TEXT,
    "exceptionMessage" TEXT,
    "status" TEXT NOT NULL DEFAULT 'new',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "previousId" TEXT,
    "replayId" TEXT,
    "resolvedReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeadLetter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Replay" (
    "id" TEXT NOT NULL,
    "deadLetterId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "targetTopic" TEXT NOT NULL,
    "operator" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "edited" BOOLEAN NOT NULL DEFAULT false,
    "value" BYTEA,
    "headers" TEXT NOT NULL,
    "redriveId" TEXT,
    "error" TEXT,
    "resultPartition" INTEGER,
    "resultOffset" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Replay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "deadLetterId" TEXT,
    "target" TEXT,
    "reason" TEXT,
    "result" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DeadLetter_topic_partition_offset_idx" ON "DeadLetter"("topic", "partition", "offset");

-- CreateIndex
CREATE INDEX "DeadLetter_status_idx" ON "DeadLetter"("status");

-- CreateIndex
CREATE INDEX "DeadLetter_originTopic_idx" ON "DeadLetter"("originTopic");

-- CreateIndex
CREATE INDEX "DeadLetter_createdAt_idx" ON "DeadLetter"("createdAt");

-- CreateIndex
CREATE INDEX "Replay_redriveId_idx" ON "Replay"("redriveId");

-- CreateIndex
CREATE UNIQUE INDEX "Replay_deadLetterId_attempt_key" ON "Replay"("deadLetterId", "attempt");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_deadLetterId_idx" ON "AuditEntry"("deadLetterId");

-- AddForeignKey
ALTER TABLE "Replay" ADD CONSTRAINT "Replay_deadLetterId_fkey" FOREIGN KEY ("deadLetterId") REFERENCES "DeadLetter"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
