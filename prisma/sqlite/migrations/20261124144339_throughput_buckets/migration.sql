-- CreateTable
CREATE TABLE "ThroughputBucket" (
    "scope" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "bucket" DATETIME NOT NULL,
    "records" BIGINT NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("scope", "partition", "bucket")
);

-- CreateIndex
CREATE INDEX "ThroughputBucket_bucket_idx" ON "ThroughputBucket"("bucket");
