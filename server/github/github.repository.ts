import { fromPrisma } from "pg-boss";
import { getPrisma } from "@/server/db/client.ts";
import type { Prisma } from "@/server/db/generated/client.ts";
import type { TNotificationWrite } from "@/server/gate/gate.repository.ts";
import type { TNotificationJobs } from "@/server/notifications/notification-jobs.ts";

// The only file that touches Prisma for the GitHub deployment protection rule. Every
// function is scoped by organization, except findAppsByAppId (a webhook names its App,
// not its organization: the candidates are then told apart by their secrets).

export interface TGithubAppRow {
  organizationId: string;
  appId: string;
  apiUrl: string;
  privateKeyCiphertext: string;
  webhookSecretCiphertext: string;
  mappings: Prisma.JsonValue;
  updatedAt: Date;
}

const APP_SELECT = { organizationId: true, appId: true, apiUrl: true, privateKeyCiphertext: true, webhookSecretCiphertext: true, mappings: true, updatedAt: true } as const;

export async function findGithubApp(organizationId: string): Promise<TGithubAppRow | null> {
  return getPrisma().githubApp.findUnique({ where: { organizationId }, select: APP_SELECT });
}

export async function findAppsByAppId(appId: string): Promise<TGithubAppRow[]> {
  return getPrisma().githubApp.findMany({ where: { appId }, select: APP_SELECT, take: 20 });
}

/** Creates or replaces the organization's App; null ciphertexts keep the stored secrets. */
export async function upsertGithubApp(
  organizationId: string,
  input: { appId: string; apiUrl: string; mappings: Prisma.InputJsonValue; privateKeyCiphertext: string | null; webhookSecretCiphertext: string | null },
): Promise<void> {
  const { privateKeyCiphertext, webhookSecretCiphertext, ...plain } = input;
  await getPrisma().githubApp.upsert({
    where: { organizationId },
    create: { organizationId, ...plain, privateKeyCiphertext: privateKeyCiphertext ?? "", webhookSecretCiphertext: webhookSecretCiphertext ?? "" },
    update: { ...plain, ...(privateKeyCiphertext ? { privateKeyCiphertext } : {}), ...(webhookSecretCiphertext ? { webhookSecretCiphertext } : {}) },
  });
}

export async function deleteGithubApp(organizationId: string): Promise<boolean> {
  return (await getPrisma().githubApp.deleteMany({ where: { organizationId } })).count > 0;
}

/**
 * Binds an installation to the organization whose App signed its event, at first sight.
 * Returns the organization it belongs to (another one if it was bound before).
 */
export async function bindInstallation(organizationId: string, installationId: string, account: string | null): Promise<string> {
  const prisma = getPrisma();
  await prisma.githubInstallation.createMany({ data: [{ organizationId, installationId, account }], skipDuplicates: true });
  const row = await prisma.githubInstallation.findUniqueOrThrow({ where: { installationId }, select: { organizationId: true } });
  return row.organizationId;
}

/** Slugs of the services whose `github.com/project-slug` annotation names `repository` (case-insensitive). */
export async function findServicesAnnotatedWithRepository(organizationId: string, annotation: string, repository: string): Promise<string[]> {
  const rows = await getPrisma().$queryRaw<{ slug: string }[]>`
    SELECT "slug" FROM "Service"
    WHERE "organizationId" = ${organizationId} AND lower("annotations" ->> ${annotation}) = lower(${repository})
    ORDER BY "slug" LIMIT 20`;
  return rows.map((row) => row.slug);
}

export interface TGateWrite {
  deployRequestId: string;
  installationId: string;
  repository: string;
  runId: string;
  environment: string;
  /** GitHub's deployment id ("" when the event has none). */
  deploymentId: string;
}

/** The gate of a run's deployment; a redelivered event finds the one it wrote before. */
export async function upsertDeploymentGate(organizationId: string, gate: TGateWrite): Promise<{ id: string; deployRequestId: string }> {
  const prisma = getPrisma();
  await prisma.githubDeploymentGate.createMany({ data: [{ organizationId, ...gate }], skipDuplicates: true });
  return prisma.githubDeploymentGate.findUniqueOrThrow({
    where: {
      organizationId_repository_runId_environment_deploymentId: { organizationId, repository: gate.repository, runId: gate.runId, environment: gate.environment, deploymentId: gate.deploymentId },
    },
    select: { id: true, deployRequestId: true },
  });
}

export interface TGateRow {
  id: string;
  organizationId: string;
  deployRequestId: string;
  installationId: string;
  repository: string;
  runId: string;
  environment: string;
  pendingCommentAt: Date | null;
  answeredState: string | null;
  answeredAt: Date | null;
}

export async function findGate(organizationId: string, id: string): Promise<TGateRow | null> {
  return getPrisma().githubDeploymentGate.findFirst({ where: { organizationId, id } });
}

/**
 * The gate of one run's deployment to a GitHub environment (repository compared as GitHub
 * does, case-insensitively); without a deployment id, the run's latest gate there.
 */
export async function findGateOfRun(
  organizationId: string,
  run: { repository: string; runId: string; environment: string; deploymentId: string | null },
): Promise<{ id: string; deployRequestId: string } | null> {
  return getPrisma().githubDeploymentGate.findFirst({
    where: {
      organizationId,
      repository: { equals: run.repository, mode: "insensitive" },
      runId: run.runId,
      environment: run.environment,
      ...(run.deploymentId !== null ? { deploymentId: run.deploymentId } : {}),
    },
    select: { id: true, deployRequestId: true },
    orderBy: { createdAt: "desc" },
  });
}

export async function findGatesOfRequest(organizationId: string, deployRequestId: string): Promise<{ id: string }[]> {
  return getPrisma().githubDeploymentGate.findMany({ where: { organizationId, deployRequestId }, select: { id: true } });
}

export async function markGateCommented(organizationId: string, id: string, at: Date): Promise<void> {
  await getPrisma().githubDeploymentGate.updateMany({ where: { organizationId, id, pendingCommentAt: null }, data: { pendingCommentAt: at } });
}

export async function markGateAnswered(organizationId: string, id: string, state: string, at: Date): Promise<void> {
  await getPrisma().githubDeploymentGate.updateMany({ where: { organizationId, id, answeredAt: null }, data: { answeredState: state, answeredAt: at } });
}

/**
 * Gates whose deploy request is settled and which have no `decided` outbox row: a decision
 * that raced the webhook's own write (across organizations: the worker's sweep).
 */
export async function findSettledGatesWithoutCallback(limit: number): Promise<{ organizationId: string; id: string; deployRequestId: string }[]> {
  return getPrisma().$queryRaw<{ organizationId: string; id: string; deployRequestId: string }[]>`
    SELECT g."organizationId", g."id", g."deployRequestId" FROM "GithubDeploymentGate" g
    JOIN "DeployRequest" r ON r."id" = g."deployRequestId" AND r."organizationId" = g."organizationId"
    WHERE r."status" <> 'pending' AND g."answeredAt" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "Notification" n WHERE n."organizationId" = g."organizationId" AND n."dedupeKey" = 'github:' || g."id" || ':decided')
    LIMIT ${limit}`;
}

export interface TCallbackRowWrite {
  id: string;
  gateId: string;
  phase: "pending" | "decided";
}

/**
 * Outbox rows (channel `github`) and their pg-boss jobs in one transaction; the dedupe key
 * `github:<gate>:<phase>` makes a redelivered event or a repeated sweep add nothing.
 */
export async function insertCallbackRows(organizationId: string, deployRequestId: string, jobs: TNotificationJobs, rows: readonly TCallbackRowWrite[]): Promise<number> {
  if (rows.length === 0) return 0;
  return getPrisma().$transaction(async (tx) => {
    const inserted = await tx.notification.createManyAndReturn({
      data: rows.map((row) => ({ organizationId, deployRequestId, ...githubCallbackNotification(row) })),
      skipDuplicates: true,
      select: { id: true, channel: true },
    });
    await jobs.enqueue(fromPrisma(tx), organizationId, inserted);
    return inserted.length;
  });
}

/** The outbox row of one callback (the gate's transactions add the organization and the request). */
export function githubCallbackNotification(row: TCallbackRowWrite): TNotificationWrite {
  return {
    id: row.id,
    channel: "github",
    target: row.gateId,
    kind: row.phase === "pending" ? "github_protection_comment" : "github_protection_review",
    payload: { gateId: row.gateId, phase: row.phase },
    dedupeKey: `github:${row.gateId}:${row.phase}`,
  };
}

export async function findCallbackNotification(
  organizationId: string,
  id: string,
): Promise<{ id: string; status: string; target: string; kind: string; deployRequestId: string | null } | null> {
  return getPrisma().notification.findFirst({ where: { organizationId, id, channel: "github" }, select: { id: true, status: true, target: true, kind: true, deployRequestId: true } });
}

export async function markCallbackNotification(organizationId: string, id: string, update: { status: "sent" | "failed" | "pending"; error: string | null; at: Date }): Promise<void> {
  await getPrisma().notification.updateMany({
    where: { organizationId, id },
    data: { status: update.status, lastError: update.error, attempts: { increment: 1 }, ...(update.status === "sent" ? { sentAt: update.at } : {}) },
  });
}
