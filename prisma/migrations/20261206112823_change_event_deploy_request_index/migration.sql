-- A deploy request's timeline (/deploys/{id}, GET /api/v1/deploy-requests/{id}/detail) and the near-miss
-- sweep's deploy_succeeded times read ChangeEvent by deployRequestId, and deleting a request
-- (a service deleted with its history) sets it to NULL: with no index that scanned every event of
-- the organization, which grows by several per deploy decision (bench/history-growth.bench.ts).
-- CreateIndex
CREATE INDEX "ChangeEvent_deployRequestId_idx" ON "ChangeEvent"("deployRequestId");
