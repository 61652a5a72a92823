-- AlterTable
ALTER TABLE "ServiceTelemetry" ADD COLUMN     "latencyInterpolated" JSONB NOT NULL DEFAULT '{}';
