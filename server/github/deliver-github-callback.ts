import { protectionReviewBody } from "@/domain/github/protection-review.ts";
import { createGithubAppClient, GithubApiError, type TCachedToken, type TTokenCache } from "@/integrations/github/app/github-app-client.ts";
import { findDeployRequestRow } from "@/server/gate/gate.repository.ts";
import { toDeployRequestDto } from "@/server/gate/to-deploy-request-dto.ts";
import { createEgressFetch } from "@/server/http/egress-connect.ts";
import type { TGithubCallbackJobData } from "./github-callback-queue.ts";
import { findCallbackNotification, findGate, findGithubApp, markCallbackNotification, markGateAnswered, markGateCommented } from "./github.repository.ts";
import { openGithubApp } from "./manage-github-app.ts";

export type TGithubCallbackOutcome = "sent" | "skipped" | "failed";

export interface TDeliverOptions {
  baseUrl: string;
  now?: () => Date;
  /** Tests: a fetch without the egress policy is never passed in production. */
  fetch?: typeof fetch;
  /** pg-boss's retry count of this job and the queue's limit: the last failure marks the row failed. */
  retryCount: number;
  retryLimit: number;
}

// Installation tokens for the process (they live an hour), keyed by organization, App and installation.
const TOKEN_CACHE_KEY = Symbol.for("plumbline.github.installation-tokens");
type GlobalWithCache = typeof globalThis & { [TOKEN_CACHE_KEY]?: Map<string, TCachedToken> };
function tokenCache(organizationId: string): TTokenCache {
  const g = globalThis as GlobalWithCache;
  const all = (g[TOKEN_CACHE_KEY] ??= new Map());
  return { get: (key) => all.get(`${organizationId}:${key}`), set: (key, value) => all.set(`${organizationId}:${key}`, value) };
}

// One egress-checked fetch (one connection pool) for the process, not one per callback.
const EGRESS_FETCH_KEY = Symbol.for("plumbline.github.egress-fetch");
type GlobalWithFetch = typeof globalThis & { [EGRESS_FETCH_KEY]?: typeof fetch };
function githubFetch(): typeof fetch {
  const g = globalThis as GlobalWithFetch;
  return (g[EGRESS_FETCH_KEY] ??= createEgressFetch());
}

/**
 * One GitHub outbox row: POST the run's deployment_protection_rule review with an
 * installation token. A comment while the request is pending; `approved` / `rejected`
 * once it is settled. Idempotent: a row already sent, a gate already answered (or
 * commented) sends nothing again, so one decision makes one callback. A 5xx, 429 or
 * network failure throws, and pg-boss retries it with backoff; a 4xx will not get better
 * and marks the row failed (its error on /notifications).
 */
export async function deliverGithubCallback(data: TGithubCallbackJobData, options: TDeliverOptions): Promise<TGithubCallbackOutcome> {
  const now = options.now ?? (() => new Date());
  const { organizationId, notificationId } = data;
  const row = await findCallbackNotification(organizationId, notificationId);
  if (!row || row.status === "sent" || row.status === "failed") return "skipped";
  const gate = await findGate(organizationId, row.target);
  const request = gate ? await findDeployRequestRow(organizationId, gate.deployRequestId) : null;
  const appRow = await findGithubApp(organizationId);
  if (!gate || !request || !appRow) {
    await markCallbackNotification(organizationId, row.id, { status: "failed", error: !appRow ? "The GitHub App was removed from Plumbline." : "The deploy request is gone.", at: now() });
    return "failed";
  }
  const isComment = row.kind === "github_protection_comment";
  if (isComment ? gate.pendingCommentAt !== null || request.status !== "pending" : gate.answeredAt !== null) {
    await markCallbackNotification(organizationId, row.id, { status: "sent", error: null, at: now() });
    return "skipped";
  }
  if (!isComment && request.status === "pending") throw new Error(`deploy request ${request.id} is still pending; its review cannot be sent yet`);

  const dto = toDeployRequestDto(request, options.baseUrl, now());
  const body = protectionReviewBody(gate.environment, { status: request.status, url: dto.links.ui, summary: dto.summary, reasons: dto.reasons.map((reason) => reason.message) });
  const app = await openGithubApp(appRow);
  const client = createGithubAppClient(app, { fetch: options.fetch ?? githubFetch(), now: () => now().getTime(), cache: tokenCache(organizationId) });
  const url = `${app.apiUrl}/repos/${gate.repository}/actions/runs/${gate.runId}/deployment_protection_rule`;
  try {
    await client.reviewProtectionRule(gate.installationId, url, body);
  } catch (error) {
    const retryable = !(error instanceof GithubApiError) || error.retryable;
    const message = error instanceof Error ? error.message : "unknown error";
    const last = !retryable || options.retryCount >= options.retryLimit;
    await markCallbackNotification(organizationId, row.id, { status: last ? "failed" : "pending", error: message, at: now() });
    if (last) return "failed";
    throw error;
  }
  if (isComment) await markGateCommented(organizationId, gate.id, now());
  else await markGateAnswered(organizationId, gate.id, "state" in body ? body.state : "commented", now());
  await markCallbackNotification(organizationId, row.id, { status: "sent", error: null, at: now() });
  return "sent";
}
