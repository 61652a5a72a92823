-- CreateTable
CREATE TABLE "DemoFault" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "serviceSlug" TEXT NOT NULL,
    "errorRate" DOUBLE PRECISION NOT NULL,
    "injectedAt" TIMESTAMPTZ(3) NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "speed" DOUBLE PRECISION NOT NULL,
    "clearedAt" TIMESTAMPTZ(3),

    CONSTRAINT "DemoFault_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkLease" (
    "key" TEXT NOT NULL,
    "organizationId" TEXT,
    "subject" TEXT NOT NULL,
    "holderId" TEXT NOT NULL,
    "holderHost" TEXT NOT NULL,
    "holderPid" INTEGER NOT NULL,
    "acquiredAt" TIMESTAMPTZ(3) NOT NULL,
    "renewedAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WorkLease_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "WorkerProcess" (
    "id" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,
    "stoppedAt" TIMESTAMPTZ(3),

    CONSTRAINT "WorkerProcess_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkerSourceStatus" (
    "workerId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "organizationId" TEXT,
    "everyMs" INTEGER,
    "lastCycleAt" TIMESTAMPTZ(3),
    "lastDurationMs" INTEGER,
    "lagMs" INTEGER NOT NULL DEFAULT 0,
    "cycles" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lastErrorAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WorkerSourceStatus_pkey" PRIMARY KEY ("workerId","source")
);

-- CreateIndex
CREATE INDEX "DemoFault_organizationId_injectedAt_idx" ON "DemoFault"("organizationId", "injectedAt");

-- CreateIndex
CREATE INDEX "WorkLease_organizationId_idx" ON "WorkLease"("organizationId");

-- CreateIndex
CREATE INDEX "WorkerSourceStatus_organizationId_idx" ON "WorkerSourceStatus"("organizationId");

-- AddForeignKey
ALTER TABLE "DemoFault" ADD CONSTRAINT "DemoFault_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkerSourceStatus" ADD CONSTRAINT "WorkerSourceStatus_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "WorkerProcess"("id") ON DELETE CASCADE ON UPDATE CASCADE;
