import { compareCause, snapshotFromCauseFacts, type TCauseComparison } from "@/domain/gate/compare-cause-facts.ts";
import { reassessPendingRequest, type TReassessment } from "@/domain/gate/reassess-pending-request.ts";
import { evaluatePolicies } from "@/domain/policy/evaluate-policies.ts";
import type { GateDecision } from "@/domain/policy/policy-types.ts";
import { maxDependentDepth } from "@/domain/policy/max-dependent-depth.ts";
import type { PolicySet } from "@/domain/policy/policy-schemas.ts";
import { findGateServiceWithNeighbourhood, type TDeployRequestRow } from "./gate.repository.ts";
import { gatherGateFacts, type TGatheredFacts } from "./gather-gate-facts.ts";
import type { TActivePolicies } from "./policy-document.ts";
import { readApprovalCauses } from "./stored-decision.ts";

export type TLiveCause = Pick<TCauseComparison, "rule" | "serviceSlug" | "cleared" | "verdict" | "changed" | "note" | "now" | "requested"> & { approvalId: string; teamSlug: string };

export interface TLiveAssessment {
  gathered: TGatheredFacts;
  fresh: GateDecision;
  reassessment: TReassessment;
  /** One entry per cause of each pending approval: the fact at request time and now, and whether it cleared. */
  causes: TLiveCause[];
}

/**
 * A pending request on today's facts: the same reads and the same engine as CI's request
 * (gatherGateFacts, evaluatePolicies) under the current policy, then per cause what
 * cleared and how its facts moved (domain/gate). Writes nothing: the re-evaluation stores
 * it, the deploy page shows it.
 */
export async function assessLiveFacts(
  organizationId: string,
  row: TDeployRequestRow,
  policies: TActivePolicies,
  now: Date,
  /** How the facts are read (default readGateFacts); the re-evaluation reads each service's once per pass. */
  gather: TGatherFacts = readGateFacts,
): Promise<TLiveAssessment> {
  const gathered = await gather(organizationId, policies.policies, { service: row.service.slug, environment: row.environment });
  const fresh = evaluatePolicies(
    policies.policies,
    gathered.facts,
    { service: row.service.slug, environment: row.environment, version: row.version, breakGlassReason: null, requestedBy: row.requestedBy },
    now,
  );
  const approvals = row.approvals.map((approval) => ({ approvalId: approval.id, teamSlug: approval.team.slug, status: approval.status, causes: readApprovalCauses(approval.reason) }));
  const reassessment = reassessPendingRequest(
    approvals.map(({ causes, ...approval }) => ({ ...approval, because: causes })),
    fresh,
    policies.policies.approveWhenCleared,
  );
  const clearedOf = new Map(reassessment.causes.map((cause) => [`${cause.approvalId}:${cause.rule}:${cause.serviceSlug}`, cause.cleared]));
  const causes = approvals.flatMap((approval) =>
    approval.status !== "pending"
      ? []
      : approval.causes.map((cause): TLiveCause => {
          const cleared = clearedOf.get(`${approval.approvalId}:${cause.rule}:${cause.serviceSlug}`) ?? false;
          const { rule, serviceSlug, verdict, changed, note, now: current, requested } = compareCause({ rule: cause.rule, serviceSlug: cause.serviceSlug, facts: causeFacts(cause) }, { facts: gathered.facts, cleared });
          return { approvalId: approval.approvalId, teamSlug: approval.teamSlug, rule, serviceSlug, cleared, verdict, changed, note, now: current, requested };
        }),
  );
  return { gathered, fresh, reassessment, causes };
}

export type TGatherFacts = (organizationId: string, policies: PolicySet, request: { service: string; environment: string }) => Promise<TGatheredFacts>;

/**
 * The gate's facts for a deploy of `request.service`, read as CI's request reads them: the
 * service and its neighbourhood at the policies' depth in one statement
 * (findGateServiceWithNeighbourhood), then gatherGateFacts on them.
 */
export async function readGateFacts(organizationId: string, policies: PolicySet, request: { service: string; environment: string }): Promise<TGatheredFacts> {
  const depth = maxDependentDepth(policies, request.environment);
  const read = await findGateServiceWithNeighbourhood(organizationId, request.service, depth);
  return gatherGateFacts(organizationId, policies, request, { service: read?.service ?? null, ...(read ? { neighbourhood: { depth, ...read.neighbourhood } } : {}) });
}

/**
 * readGateFacts, once per service and environment: pending requests for the same service (CI
 * asking again for each new version) are judged on the same read. For one pass over them.
 */
export function gatherOncePerService(): TGatherFacts {
  const read = new Map<string, Promise<TGatheredFacts>>();
  return (organizationId, policies, request) => {
    const key = `${organizationId}\n${request.service}\n${request.environment}`;
    let facts = read.get(key);
    if (!facts) {
      facts = readGateFacts(organizationId, policies, request);
      read.set(key, facts);
    }
    return facts;
  };
}

/** The flat facts a cause was recorded with. */
export function causeFacts(cause: Record<string, unknown>): Record<string, unknown> {
  const facts = cause.facts;
  return typeof facts === "object" && facts !== null && !Array.isArray(facts) ? (facts as Record<string, unknown>) : {};
}

/** The causes as CI's request saw them: nothing cleared, the recorded SLO state (the baseline for "changed materially"). */
export function requestTimeCauses(row: TDeployRequestRow): Pick<TLiveCause, "rule" | "serviceSlug" | "cleared" | "now">[] {
  return row.approvals
    .filter((approval) => approval.status === "pending")
    .flatMap((approval) => readApprovalCauses(approval.reason).map((cause) => ({ rule: cause.rule, serviceSlug: cause.serviceSlug, cleared: false, now: snapshotFromCauseFacts(causeFacts(cause)) })));
}
