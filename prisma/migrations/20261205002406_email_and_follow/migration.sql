-- AlterEnum
ALTER TYPE "DecisionChannel" ADD VALUE 'email';

-- AlterTable
ALTER TABLE "Edge" ADD COLUMN     "callerAnnouncedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "SmtpSettings" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "secure" BOOLEAN NOT NULL DEFAULT false,
    "username" TEXT,
    "passwordCiphertext" TEXT,
    "fromAddress" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SmtpSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationSettings" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "approvals" TEXT NOT NULL DEFAULT 'auto',
    "digest" TEXT NOT NULL DEFAULT 'off',
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "NotificationSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Follow" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Follow_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SmtpSettings_organizationId_key" ON "SmtpSettings"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationSettings_organizationId_userId_key" ON "NotificationSettings"("organizationId", "userId");

-- CreateIndex
CREATE INDEX "Follow_organizationId_subjectKind_subjectId_idx" ON "Follow"("organizationId", "subjectKind", "subjectId");

-- CreateIndex
CREATE UNIQUE INDEX "Follow_organizationId_userId_subjectKind_subjectId_key" ON "Follow"("organizationId", "userId", "subjectKind", "subjectId");

-- AddForeignKey
ALTER TABLE "SmtpSettings" ADD CONSTRAINT "SmtpSettings_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationSettings" ADD CONSTRAINT "NotificationSettings_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Follow" ADD CONSTRAINT "Follow_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Edges seen before this migration are not new callers: only edges that appear from now on are announced.
UPDATE "Edge" SET "callerAnnouncedAt" = "createdAt" WHERE "source" = 'mesh';
