-- AlterTable
ALTER TABLE "Slo" ADD COLUMN     "alerts" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "catalogOrigin" TEXT,
ADD COLUMN     "isOutOfSlo" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "isTelemetryStale" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "provenance" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "windowGoodEvents" DOUBLE PRECISION,
ADD COLUMN     "windowTotalEvents" DOUBLE PRECISION;
