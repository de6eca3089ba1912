-- CreateTable
CREATE TABLE "TopicStat" (
    "topic" TEXT NOT NULL PRIMARY KEY,
    "records" BIGINT NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "firstSeenAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL
);
