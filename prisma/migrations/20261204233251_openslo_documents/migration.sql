-- CreateTable
CREATE TABLE "OpenSloDocument" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "displayName" TEXT,
    "spec" JSONB NOT NULL,
    "catalogOrigin" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OpenSloDocument_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OpenSloDocument_organizationId_catalogOrigin_idx" ON "OpenSloDocument"("organizationId", "catalogOrigin");

-- CreateIndex
CREATE UNIQUE INDEX "OpenSloDocument_organizationId_kind_name_key" ON "OpenSloDocument"("organizationId", "kind", "name");

-- AddForeignKey
ALTER TABLE "OpenSloDocument" ADD CONSTRAINT "OpenSloDocument_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
