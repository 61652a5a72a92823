-- CreateIndex
CREATE INDEX "Notification_deployRequestId_idx" ON "Notification"("deployRequestId");
