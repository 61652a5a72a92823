-- AlterTable
ALTER TABLE "Slo" ADD COLUMN     "budgeting" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "SloTimeSlice" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "sloId" TEXT NOT NULL,
    "start" TIMESTAMPTZ(3) NOT NULL,
    "good" DOUBLE PRECISION NOT NULL,
    "total" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "SloTimeSlice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SloTimeSlice_organizationId_start_idx" ON "SloTimeSlice"("organizationId", "start");

-- CreateIndex
CREATE UNIQUE INDEX "SloTimeSlice_sloId_start_key" ON "SloTimeSlice"("sloId", "start");

-- AddForeignKey
ALTER TABLE "SloTimeSlice" ADD CONSTRAINT "SloTimeSlice_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SloTimeSlice" ADD CONSTRAINT "SloTimeSlice_sloId_fkey" FOREIGN KEY ("sloId") REFERENCES "Slo"("id") ON DELETE CASCADE ON UPDATE CASCADE;
