-- CreateTable
CREATE TABLE "ThroughputBucket" (
    "scope" TEXT NOT NULL,
    "partition" INTEGER NOT NULL,
    "bucket" TIMESTAMP(3) NOT NULL,
    "records" BIGINT NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "ThroughputBucket_pkey" PRIMARY KEY ("scope","partition","bucket")
);

-- CreateIndex
CREATE INDEX "ThroughputBucket_bucket_idx" ON "ThroughputBucket"("bucket");
