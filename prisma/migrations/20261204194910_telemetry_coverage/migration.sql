-- CreateTable
CREATE TABLE "TelemetryCoverageEndpoint" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "workload" TEXT NOT NULL,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "requestRate" DOUBLE PRECISION NOT NULL,
    "serviceId" TEXT,
    "rule" TEXT,
    "matchedName" TEXT,
    "reason" TEXT,
    "measuredAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TelemetryCoverageEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TelemetryCoverageEndpoint_organizationId_serviceId_idx" ON "TelemetryCoverageEndpoint"("organizationId", "serviceId");

-- CreateIndex
CREATE UNIQUE INDEX "TelemetryCoverageEndpoint_organizationId_source_role_key_key" ON "TelemetryCoverageEndpoint"("organizationId", "source", "role", "key");

-- AddForeignKey
ALTER TABLE "TelemetryCoverageEndpoint" ADD CONSTRAINT "TelemetryCoverageEndpoint_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TelemetryCoverageEndpoint" ADD CONSTRAINT "TelemetryCoverageEndpoint_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;
