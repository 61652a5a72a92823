-- CreateEnum
CREATE TYPE "IncidentKind" AS ENUM ('SEV1', 'SEV2', 'SEV3', 'near_miss');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('draft', 'open', 'mitigated', 'resolved', 'dismissed');

-- CreateEnum
CREATE TYPE "IncidentChannel" AS ENUM ('web', 'api', 'slack', 'alertmanager', 'system');

-- CreateEnum
CREATE TYPE "PostmortemTemplate" AS ENUM ('one_sentence', 'short', 'full');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "learningsSlackChannel" TEXT;

-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "kind" "IncidentKind" NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'open',
    "title" TEXT NOT NULL,
    "description" TEXT,
    "ownerTeamId" TEXT,
    "reporterPersonId" TEXT,
    "reportedBy" TEXT,
    "reportedVia" "IncidentChannel" NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "mitigatedAt" TIMESTAMPTZ(3),
    "resolvedAt" TIMESTAMPTZ(3),
    "dedupeKey" TEXT,
    "alertGroupKey" TEXT,
    "sourceUrl" TEXT,
    "draftTrigger" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentService" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "addedBecause" TEXT NOT NULL DEFAULT 'reported',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IncidentService_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentTimelineEntry" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'note',
    "text" TEXT NOT NULL,
    "author" TEXT,
    "sourceUrl" TEXT,
    "sourceLabel" TEXT,
    "dedupeKey" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IncidentTimelineEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Postmortem" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "template" "PostmortemTemplate" NOT NULL DEFAULT 'one_sentence',
    "learning" TEXT NOT NULL,
    "sections" JSONB NOT NULL DEFAULT '{}',
    "author" TEXT,
    "publishedAt" TIMESTAMPTZ(3),
    "readCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Postmortem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PostmortemRead" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "postmortemId" TEXT NOT NULL,
    "reader" TEXT NOT NULL,
    "readOn" DATE NOT NULL,
    "readAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PostmortemRead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentActionItem" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "serviceId" TEXT,
    "ownerTeamId" TEXT,
    "ownerName" TEXT,
    "dueOn" DATE,
    "doneAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "IncidentActionItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Incident_organizationId_startedAt_idx" ON "Incident"("organizationId", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "Incident_organizationId_status_idx" ON "Incident"("organizationId", "status");

-- CreateIndex
CREATE INDEX "Incident_organizationId_alertGroupKey_idx" ON "Incident"("organizationId", "alertGroupKey");

-- CreateIndex
CREATE UNIQUE INDEX "Incident_organizationId_dedupeKey_key" ON "Incident"("organizationId", "dedupeKey");

-- CreateIndex
CREATE INDEX "IncidentService_organizationId_serviceId_idx" ON "IncidentService"("organizationId", "serviceId");

-- CreateIndex
CREATE UNIQUE INDEX "IncidentService_incidentId_serviceId_key" ON "IncidentService"("incidentId", "serviceId");

-- CreateIndex
CREATE INDEX "IncidentTimelineEntry_organizationId_incidentId_at_idx" ON "IncidentTimelineEntry"("organizationId", "incidentId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "IncidentTimelineEntry_organizationId_dedupeKey_key" ON "IncidentTimelineEntry"("organizationId", "dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "Postmortem_incidentId_key" ON "Postmortem"("incidentId");

-- CreateIndex
CREATE INDEX "Postmortem_organizationId_publishedAt_idx" ON "Postmortem"("organizationId", "publishedAt" DESC);

-- CreateIndex
CREATE INDEX "PostmortemRead_organizationId_readOn_idx" ON "PostmortemRead"("organizationId", "readOn");

-- CreateIndex
CREATE UNIQUE INDEX "PostmortemRead_postmortemId_reader_readOn_key" ON "PostmortemRead"("postmortemId", "reader", "readOn");

-- CreateIndex
CREATE INDEX "IncidentActionItem_organizationId_incidentId_idx" ON "IncidentActionItem"("organizationId", "incidentId");

-- CreateIndex
CREATE INDEX "IncidentActionItem_organizationId_doneAt_idx" ON "IncidentActionItem"("organizationId", "doneAt");

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_ownerTeamId_fkey" FOREIGN KEY ("ownerTeamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_reporterPersonId_fkey" FOREIGN KEY ("reporterPersonId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentService" ADD CONSTRAINT "IncidentService_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentService" ADD CONSTRAINT "IncidentService_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentService" ADD CONSTRAINT "IncidentService_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentTimelineEntry" ADD CONSTRAINT "IncidentTimelineEntry_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentTimelineEntry" ADD CONSTRAINT "IncidentTimelineEntry_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Postmortem" ADD CONSTRAINT "Postmortem_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Postmortem" ADD CONSTRAINT "Postmortem_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostmortemRead" ADD CONSTRAINT "PostmortemRead_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostmortemRead" ADD CONSTRAINT "PostmortemRead_postmortemId_fkey" FOREIGN KEY ("postmortemId") REFERENCES "Postmortem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentActionItem" ADD CONSTRAINT "IncidentActionItem_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentActionItem" ADD CONSTRAINT "IncidentActionItem_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentActionItem" ADD CONSTRAINT "IncidentActionItem_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentActionItem" ADD CONSTRAINT "IncidentActionItem_ownerTeamId_fkey" FOREIGN KEY ("ownerTeamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;
