-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "personEmail" TEXT;
