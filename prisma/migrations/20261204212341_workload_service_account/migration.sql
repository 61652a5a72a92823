-- AlterTable
ALTER TABLE "Workload" ADD COLUMN     "serviceAccountName" TEXT;
