-- AlterTable
ALTER TABLE "Workload" ADD COLUMN     "generation" INTEGER,
ADD COLUMN     "uid" TEXT;
