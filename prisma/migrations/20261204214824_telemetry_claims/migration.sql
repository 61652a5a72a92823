-- CreateTable
CREATE TABLE "TelemetryClaim" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "workload" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "claimedBy" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TelemetryClaim_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TelemetryClaim_organizationId_serviceId_idx" ON "TelemetryClaim"("organizationId", "serviceId");

-- CreateIndex
CREATE UNIQUE INDEX "TelemetryClaim_organizationId_namespace_workload_key" ON "TelemetryClaim"("organizationId", "namespace", "workload");

-- AddForeignKey
ALTER TABLE "TelemetryClaim" ADD CONSTRAINT "TelemetryClaim_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TelemetryClaim" ADD CONSTRAINT "TelemetryClaim_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;
