-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "resourceRefs" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "subcomponentOfRef" TEXT;
