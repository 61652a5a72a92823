-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "keptAt" TIMESTAMPTZ(3),
ADD COLUMN     "keptBy" TEXT,
ADD COLUMN     "keptReason" TEXT;
