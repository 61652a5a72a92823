-- CreateTable
CREATE TABLE "GithubApp" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "apiUrl" TEXT NOT NULL,
    "privateKeyCiphertext" TEXT NOT NULL,
    "webhookSecretCiphertext" TEXT NOT NULL,
    "mappings" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "GithubApp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GithubInstallation" (
    "installationId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "account" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GithubInstallation_pkey" PRIMARY KEY ("installationId")
);

-- CreateTable
CREATE TABLE "GithubDeploymentGate" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "deployRequestId" TEXT NOT NULL,
    "installationId" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL DEFAULT '',
    "pendingCommentAt" TIMESTAMPTZ(3),
    "answeredState" TEXT,
    "answeredAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GithubDeploymentGate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "GithubApp_organizationId_key" ON "GithubApp"("organizationId");

-- CreateIndex
CREATE INDEX "GithubApp_appId_idx" ON "GithubApp"("appId");

-- CreateIndex
CREATE INDEX "GithubInstallation_organizationId_idx" ON "GithubInstallation"("organizationId");

-- CreateIndex
CREATE INDEX "GithubDeploymentGate_organizationId_deployRequestId_idx" ON "GithubDeploymentGate"("organizationId", "deployRequestId");

-- CreateIndex
CREATE UNIQUE INDEX "GithubDeploymentGate_organizationId_repository_runId_enviro_key" ON "GithubDeploymentGate"("organizationId", "repository", "runId", "environment", "deploymentId");

-- AddForeignKey
ALTER TABLE "GithubApp" ADD CONSTRAINT "GithubApp_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GithubInstallation" ADD CONSTRAINT "GithubInstallation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GithubDeploymentGate" ADD CONSTRAINT "GithubDeploymentGate_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GithubDeploymentGate" ADD CONSTRAINT "GithubDeploymentGate_deployRequestId_fkey" FOREIGN KEY ("deployRequestId") REFERENCES "DeployRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;
