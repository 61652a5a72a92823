-- AlterTable
ALTER TABLE "Slo" ADD COLUMN     "alerting" JSONB NOT NULL DEFAULT '{}';
