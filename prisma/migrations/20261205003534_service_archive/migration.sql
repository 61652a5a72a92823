-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "archivedAt" TIMESTAMPTZ(3),
ADD COLUMN     "archivedBy" TEXT,
ADD COLUMN     "archivedReason" TEXT;
