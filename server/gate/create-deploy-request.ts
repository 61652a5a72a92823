import { evaluatePolicies } from "@/domain/policy/evaluate-policies.ts";
import type { TActor } from "@/server/identity/actor.ts";
import { AppError } from "@/server/http/problem.ts";
import { getMetrics } from "@/server/metrics/plumbline-metrics.ts";
import { planApprovalDms } from "@/server/notifications/plan-approval-dms.ts";
import { planApprovalEmails } from "@/server/email/plan-approval-emails.ts";
import { isSlackConfigured } from "@/server/notifications/slack-config.ts";
import { buildDeployDecisionWrite, requestedViaOf, requireKnownApprovers, rowFromWrite } from "./build-deploy-decision.ts";
import type { TDeployRequestDto, TDeployRequestInput } from "./gate.schemas.ts";
import { maxDependentDepth } from "@/domain/policy/max-dependent-depth.ts";
import {
  findDeployRequestRow,
  findGateServiceWithNeighbourhood,
  findIdempotentRequest,
  findTeamsBySlugs,
  insertDeployDecision,
  isUniqueViolation,
} from "./gate.repository.ts";
import { gatherGateFacts } from "./gather-gate-facts.ts";
import { hashDeployRequest } from "./hash-deploy-request.ts";
import { getActivePolicies, lastKnownPolicies } from "./policy-document.ts";
import { toDeployRequestDto } from "./to-deploy-request-dto.ts";

export interface TCreateDeployRequestResult {
  /** false: an earlier request with the same Idempotency-Key and body was returned. */
  created: boolean;
  request: TDeployRequestDto;
}

/**
 * CI asks to deploy: read the facts, let the policy engine decide, store the decision
 * (request, approvals, history, outbox) in one transaction, answer with it.
 *
 * Idempotency-Key: the same key with the same body returns the first request; with a
 * different body it is a 409. Concurrent identical POSTs all evaluate, but only one
 * insert can win the unique (organizationId, idempotencyKey) constraint; the others
 * catch the violation and return the winner. Without a key, every POST is a new request.
 */
export async function createDeployRequest(
  organizationId: string,
  input: TDeployRequestInput,
  options: { idempotencyKey: string | null; actor: TActor; baseUrl: string; now?: Date },
): Promise<TCreateDeployRequestResult> {
  const startedAt = process.hrtime.bigint();
  const requestHash = hashDeployRequest(input);
  const { idempotencyKey, baseUrl } = options;
  if (idempotencyKey !== null) {
    const replay = await replayIdempotent(organizationId, idempotencyKey, requestHash, baseUrl);
    if (replay) return replay;
  }

  const now = options.now ?? new Date();
  // One statement reads the service, the policy set's version and the neighbourhood at the
  // depth of the set last parsed here; gatherGateFacts reads the neighbourhood again only if
  // the set changed its depth meanwhile. An unknown service still reads the policy set
  // first, so a broken set answers 503 as before.
  const guessedDepth = maxDependentDepth(lastKnownPolicies(organizationId), input.environment);
  const read = await findGateServiceWithNeighbourhood(organizationId, input.service, guessedDepth);
  const policies = await getActivePolicies(organizationId, read ? { version: read.policyVersion } : undefined);
  const gathered = await gatherGateFacts(organizationId, policies.policies, input, {
    service: read?.service ?? null,
    ...(read ? { neighbourhood: { depth: guessedDepth, ...read.neighbourhood } } : {}),
  });
  const engineDecision = evaluatePolicies(
    policies.policies,
    gathered.facts,
    {
      service: input.service,
      environment: input.environment,
      version: input.version,
      breakGlassReason: input.breakGlassReason ?? null,
      requestedBy: input.requestedBy ?? null,
    },
    now,
  );
  const teamSlugs = new Set([...engineDecision.approvalsRequired.map((requirement) => requirement.teamSlug), ...engineDecision.notifyTeams]);
  const teams = await findTeamsBySlugs(organizationId, [...teamSlugs], read?.ownerTeams);
  const decision = requireKnownApprovers(engineDecision, teams);

  const write = buildDeployDecisionWrite({
    organizationId,
    input,
    gathered,
    decision,
    policies,
    teams,
    idempotencyKey,
    requestHash,
    requestedVia: requestedViaOf(options.actor),
    baseUrl,
    now,
    source: "api",
    slackEnabled: isSlackConfigured(),
  });
  write.notifications.push(...(await planApprovalDms(organizationId, write.notifications)));
  write.notifications.push(...(await planApprovalEmails(organizationId, write.notifications, read ? { hasOwnMailServer: read.hasOwnMailServer } : {})));
  try {
    await insertDeployDecision(organizationId, write);
  } catch (error) {
    if (idempotencyKey !== null && isUniqueViolation(error)) {
      // A concurrent POST with the same key committed first: answer with its request.
      const replay = await replayIdempotent(organizationId, idempotencyKey, requestHash, baseUrl);
      if (replay) return replay;
    }
    throw error;
  }
  recordGateDecision(decision.outcome, startedAt);
  return { created: true, request: toDeployRequestDto(rowFromWrite(write, gathered.service, teams), baseUrl, now, decision) };
}

/** Counted only for new decisions: an idempotent replay decided nothing. */
function recordGateDecision(outcome: string, startedAt: bigint): void {
  const { gateDecisions, gateDecisionDuration } = getMetrics();
  gateDecisions.inc({ outcome });
  gateDecisionDuration.observe({ outcome }, Number(process.hrtime.bigint() - startedAt) / 1e9);
}

async function replayIdempotent(
  organizationId: string,
  idempotencyKey: string,
  requestHash: string,
  baseUrl: string,
): Promise<TCreateDeployRequestResult | null> {
  const existing = await findIdempotentRequest(organizationId, idempotencyKey);
  if (!existing) return null;
  if (existing.requestHash !== requestHash) {
    throw new AppError(
      409,
      "Idempotency-Key reused with a different request",
      `Idempotency-Key "${idempotencyKey}" was already used for a different deploy request (${existing.id}). Use a new key for a new request; reuse a key only to retry the exact same body.`,
      { deployRequestId: existing.id },
      "idempotency-key-reused",
    );
  }
  const row = await findDeployRequestRow(organizationId, existing.id);
  if (!row) return null;
  return { created: false, request: toDeployRequestDto(row, baseUrl) };
}
