-- AlterTable
ALTER TABLE "System" ADD COLUMN     "domainSlug" TEXT;

-- CreateTable
CREATE TABLE "CatalogEntry" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "entityRef" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "type" TEXT,
    "lifecycle" TEXT,
    "ownerTeamId" TEXT,
    "unresolvedOwnerRef" TEXT,
    "systemSlug" TEXT,
    "domainSlug" TEXT,
    "dependsOnRefs" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "providerServiceSlugs" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "consumerServiceSlugs" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "definition" TEXT,
    "definitionSource" JSONB,
    "links" JSONB NOT NULL DEFAULT '[]',
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "annotations" JSONB NOT NULL DEFAULT '{}',
    "catalogOrigin" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CatalogEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CatalogEntry_organizationId_catalogOrigin_idx" ON "CatalogEntry"("organizationId", "catalogOrigin");

-- CreateIndex
CREATE UNIQUE INDEX "CatalogEntry_organizationId_kind_slug_key" ON "CatalogEntry"("organizationId", "kind", "slug");

-- AddForeignKey
ALTER TABLE "CatalogEntry" ADD CONSTRAINT "CatalogEntry_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CatalogEntry" ADD CONSTRAINT "CatalogEntry_ownerTeamId_fkey" FOREIGN KEY ("ownerTeamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;
