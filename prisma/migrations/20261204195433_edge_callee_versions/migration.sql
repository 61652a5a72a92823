-- AlterTable
ALTER TABLE "Edge" ADD COLUMN     "calleeVersions" JSONB;
