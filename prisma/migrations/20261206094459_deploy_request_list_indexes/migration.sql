-- The deploy history grows by every decision (bench/history-growth.bench.ts, the PGlite soak).
-- /deploys and GET /api/v1/deploy-requests without a status filter list the newest first: with
-- only (organizationId, status, createdAt) and (organizationId, serviceId, createdAt) indexes that
-- sorted every request of the organization for each page. Expiry (expireDueInOrganization, before
-- every list) read every pending request to find the few that are due.
-- CreateIndex
CREATE INDEX "DeployRequest_organizationId_createdAt_id_idx" ON "DeployRequest"("organizationId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "DeployRequest_organizationId_status_expiresAt_idx" ON "DeployRequest"("organizationId", "status", "expiresAt");
