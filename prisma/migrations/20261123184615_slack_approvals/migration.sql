-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "slackTeamId" TEXT;

-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "slackDmApprovers" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE UNIQUE INDEX "Organization_slackTeamId_key" ON "Organization"("slackTeamId");
