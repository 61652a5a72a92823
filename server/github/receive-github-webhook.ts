import { randomUUID } from "node:crypto";
import { z } from "zod";
import { readCallbackTarget, ZDeploymentProtectionRuleEvent, type TDeploymentProtectionRuleEvent } from "@/domain/github/deployment-protection-event.ts";
import { deployEventForStatus, ZDeploymentStatusEvent, type TDeploymentStatusEvent } from "@/domain/github/deployment-status-event.ts";
import { GITHUB_PROJECT_SLUG_ANNOTATION, resolveGithubTarget } from "@/domain/github/github-mapping.ts";
import { findSigningSecret } from "@/integrations/github/app/verify-webhook-signature.ts";
import { createDeployRequest } from "@/server/gate/create-deploy-request.ts";
import { findDeployRequestRow } from "@/server/gate/gate.repository.ts";
import { reportDeployEvent } from "@/server/gate/report-deploy-event.ts";
import { AppError } from "@/server/http/problem.ts";
import type { TTokenActor } from "@/server/identity/actor.ts";
import { ensureJobQueue } from "@/server/jobs/job-queue.ts";
import { logger } from "@/server/logger.ts";
import { prepareNotificationJobs } from "@/server/notifications/notification-jobs.ts";
import {
  bindInstallation,
  findAppsByAppId,
  findGateOfRun,
  findServicesAnnotatedWithRepository,
  insertCallbackRows,
  upsertDeploymentGate,
} from "./github.repository.ts";
import { openGithubApp, type TOpenedGithubApp } from "./manage-github-app.ts";

export interface TGithubWebhookRequest {
  /** The raw body, exactly as received: the signature is over these bytes. */
  body: string;
  header(name: string): string | null;
}

export type TGithubWebhookResult =
  | { kind: "pong" }
  | { kind: "ignored"; event: string }
  | { kind: "gated"; created: boolean; deployRequestId: string; status: string; url: string }
  | { kind: "reported"; deployRequestId: string; status: string };

const invalidSignature = (detail: string) => new AppError(401, "Invalid signature", detail, {}, "invalid-signature");

/**
 * GitHub's webhook for an organization's own App. The App is found by the id GitHub sends
 * (X-GitHub-Hook-Installation-Target-ID) and proven by X-Hub-Signature-256 over the raw
 * body with that App's secret; several organizations naming the same App id are told apart
 * by their secrets, so typing someone else's App id gains nothing. Nothing is read from
 * the payload before the signature holds, and nothing is written when it does not.
 *
 * On `deployment_protection_rule` (`requested`): the installation is bound to the
 * organization (an installation seen with another organization's App is refused), the
 * repository and GitHub environment are mapped to a service and environment, and a deploy
 * request is created through the same gate use case CI uses, idempotent per run and
 * environment. Its answer goes back to GitHub through the outbox (a pending comment now,
 * the review once decided): deliver-github-callback.ts.
 *
 * On `deployment_status` (`created`) for a run Plumbline gated: the outcome goes into the
 * request's history like CI's report (in_progress → started, success → deployed,
 * failure / error → failed).
 */
export async function receiveGithubWebhook(request: TGithubWebhookRequest, options: { baseUrl: string; now?: Date }): Promise<TGithubWebhookResult> {
  const app = await verifiedApp(request);
  const event = request.header("x-github-event") ?? "";
  if (event === "ping") return { kind: "pong" };
  if (event !== "deployment_protection_rule" && event !== "deployment_status") return { kind: "ignored", event: event.slice(0, 100) };

  let json: unknown;
  try {
    json = JSON.parse(request.body);
  } catch {
    throw new AppError(400, "Unreadable request body", "The webhook body is not JSON.", {}, "malformed-body");
  }
  const action = z.looseObject({ action: z.string() }).safeParse(json);
  const expected = event === "deployment_status" ? "created" : "requested";
  if (action.success && action.data.action !== expected) return { kind: "ignored", event: `${event}.${action.data.action.slice(0, 50)}` };
  if (event === "deployment_status") {
    const status = ZDeploymentStatusEvent.safeParse(json);
    if (!status.success) throw status.error;
    return reportOutcome(app, status.data, options);
  }
  const parsed = ZDeploymentProtectionRuleEvent.safeParse(json);
  if (!parsed.success) throw parsed.error;
  return gateRun(app, parsed.data, options);
}

async function verifiedApp(request: TGithubWebhookRequest): Promise<TOpenedGithubApp> {
  const signature = request.header("x-hub-signature-256");
  if (!signature) throw invalidSignature("X-Hub-Signature-256 is missing: set a webhook secret on the GitHub App.");
  const appId = request.header("x-github-hook-installation-target-id") ?? "";
  const candidates = /^\d{1,20}$/.test(appId) ? await Promise.all((await findAppsByAppId(appId)).map(openGithubApp)) : [];
  const signer = candidates[await findSigningSecret(candidates.map((app) => app.webhookSecret), request.body, signature)];
  if (signer) return signer;
  throw invalidSignature("The signature does not match the webhook secret of the GitHub App this event names.");
}

/** Refuses an installation bound to another organization; binds it at first sight. */
async function requireOwnInstallation(organizationId: string, installationId: string, repository: string): Promise<void> {
  const owner = await bindInstallation(organizationId, installationId, repository.split("/")[0] ?? null);
  if (owner !== organizationId) {
    logger.warn({ organizationId, installationId }, "github: an installation bound to another organization sent an event with this organization's App; refused");
    throw new AppError(403, "Not allowed", "This installation belongs to another Plumbline organization.");
  }
}

async function reportOutcome(app: TOpenedGithubApp, event: TDeploymentStatusEvent, options: { baseUrl: string; now?: Date }): Promise<TGithubWebhookResult> {
  const type = deployEventForStatus(event.deployment_status.state);
  const runId = event.workflow_run?.id;
  if (type === null || runId === undefined) return { kind: "ignored", event: `deployment_status.${event.deployment_status.state.slice(0, 50)}` };
  await requireOwnInstallation(app.organizationId, event.installation.id, event.repository.full_name);
  const gate = await findGateOfRun(app.organizationId, {
    repository: event.repository.full_name,
    runId,
    environment: event.deployment.environment,
    deploymentId: event.deployment.id ?? null,
  });
  // A deployment Plumbline did not gate (another environment, a run before the App): nothing to record.
  if (!gate) return { kind: "ignored", event: "deployment_status.not-gated" };
  const actor: TTokenActor = { kind: "token", tokenId: `github-app:${app.appId}`, tokenName: `GitHub App ${app.appId}` };
  const url = event.deployment_status.log_url ?? event.deployment_status.target_url ?? undefined;
  const description = event.deployment_status.description ?? undefined;
  const updated = await reportDeployEvent(
    app.organizationId,
    gate.deployRequestId,
    { type, ...(description ? { message: description } : {}), ...(url ? { url } : {}) },
    { actor, baseUrl: options.baseUrl, ...(options.now ? { now: options.now } : {}) },
  );
  return { kind: "reported", deployRequestId: updated.id, status: updated.status };
}

async function gateRun(app: TOpenedGithubApp, event: TDeploymentProtectionRuleEvent, options: { baseUrl: string; now?: Date }): Promise<TGithubWebhookResult> {
  const organizationId = app.organizationId;
  const repository = event.repository.full_name;
  await requireOwnInstallation(organizationId, event.installation.id, repository);
  const target = readCallbackTarget(event.deployment_callback_url, app.apiUrl, repository);
  if ("error" in target) throw new AppError(422, "Callback URL not accepted", target.error);

  const annotated = await findServicesAnnotatedWithRepository(organizationId, GITHUB_PROJECT_SLUG_ANNOTATION, repository);
  const resolved = resolveGithubTarget(app.mappings, annotated, repository, event.environment);
  if (!resolved.ok) throw new AppError(422, "Repository not mapped", resolved.reason);

  const actor: TTokenActor = { kind: "token", tokenId: `github-app:${app.appId}`, tokenName: `GitHub App ${app.appId}` };
  const sha = event.deployment?.sha;
  const deploymentId = event.deployment?.id ?? "";
  const created = await createDeployRequest(
    organizationId,
    {
      service: resolved.service,
      environment: resolved.environment,
      version: sha ?? `run-${target.runId}`,
      ...(sha ? { commit: sha } : {}),
      ...((event.deployment?.creator?.login ?? event.sender?.login) ? { requestedBy: event.deployment?.creator?.login ?? event.sender?.login } : {}),
      ...(event.repository.html_url ? { ciUrl: `${event.repository.html_url}/actions/runs/${target.runId}` } : {}),
    },
    // One request per run's deployment to a GitHub environment: a redelivered event returns
    // the first one; a re-run of the run (same run id, new deployment) asks again.
    { idempotencyKey: `github:${repository.toLowerCase()}:${target.runId}:${deploymentId}:${event.environment}`.slice(0, 255), actor, baseUrl: options.baseUrl, ...(options.now ? { now: options.now } : {}) },
  );
  const gate = await upsertDeploymentGate(organizationId, {
    deployRequestId: created.request.id,
    installationId: event.installation.id,
    repository,
    runId: target.runId,
    environment: event.environment,
    deploymentId,
  });
  // Read after the gate row exists: a decision committed since creation is answered here,
  // one committed later finds the gate itself (plan-github-callbacks.ts).
  const current = await findDeployRequestRow(organizationId, gate.deployRequestId);
  const status = current?.status ?? created.request.status;
  await ensureJobQueue((error) => logger.error({ err: error }, "job queue error"));
  const jobs = await prepareNotificationJobs();
  await insertCallbackRows(organizationId, gate.deployRequestId, jobs, [{ id: randomUUID(), gateId: gate.id, phase: status === "pending" ? "pending" : "decided" }]);
  return { kind: "gated", created: created.created, deployRequestId: gate.deployRequestId, status, url: created.request.links.ui };
}
