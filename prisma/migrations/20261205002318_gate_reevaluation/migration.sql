-- AlterEnum
ALTER TYPE "DecisionChannel" ADD VALUE 'gate';

-- AlterTable
ALTER TABLE "DeployRequest" ADD COLUMN     "liveFacts" JSONB,
ADD COLUMN     "reevaluatedAt" TIMESTAMPTZ(3);
