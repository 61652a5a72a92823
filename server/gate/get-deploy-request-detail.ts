import type { TDecider, TDeployRequestDetail, TDeployTimelineEntry } from "./gate.schemas.ts";
import { findServicesByIds, findTeamDeciders, findTimelineRows } from "./gate.repository.ts";
import { findDeployRequestFresh } from "./get-deploy-request.ts";
import { readApprovalCauses, readDecisionFacts } from "./stored-decision.ts";
import { assessLiveFacts, causeFacts } from "./assess-live-facts.ts";
import { snapshotFromCauseFacts } from "@/domain/gate/compare-cause-facts.ts";
import { getActivePolicies } from "./policy-document.ts";
import { readLiveFacts } from "./stored-live-facts.ts";
import type { TDeployLiveCauseDto, TDeployRequestDetail as TDetail } from "./gate.schemas.ts";
import type { TDeployRequestRow } from "./gate.repository.ts";
import { logger } from "@/server/logger.ts";
import { toDeployRequestDto } from "./to-deploy-request-dto.ts";

/**
 * The deploy page: decision, reasons and checks, the facts the gate saw, approvals asked
 * and given (with who may decide for each pending one), and the request's timeline.
 * null when the organization has no such request.
 */
export async function getDeployRequestDetail(organizationId: string, id: string, baseUrl: string): Promise<TDeployRequestDetail | null> {
  const row = await findDeployRequestFresh(organizationId, id);
  if (!row) return null;
  const facts = readDecisionFacts(row.decisionFacts);
  const teamIds = row.approvals.map((approval) => approval.team.id);
  const [timelineRows, deciders, services, live] = await Promise.all([
    findTimelineRows(organizationId, row.id),
    findTeamDeciders(organizationId, teamIds),
    // Names as they are now; a service removed since is still listed by slug.
    findServicesByIds(organizationId, facts.involvedServices.map((service) => service.id)),
    liveCausesOf(organizationId, row),
  ]);

  const approvalDeciders: Record<string, TDecider[]> = {};
  for (const approval of row.approvals) {
    const members = deciders.get(approval.team.id) ?? [];
    const owners = members.filter((member) => member.role === "owner");
    // Mirrors canDecideApproval: a team that names owners is decided for by them.
    approvalDeciders[approval.team.slug] = owners.length > 0 ? owners : members;
  }

  const dto = toDeployRequestDto(row, baseUrl);
  const serviceNames = new Map(services.map((service) => [service.slug, service.name]));
  return {
    ...dto,
    serviceName: row.service.name,
    ownerTeam: row.service.ownerTeam,
    checks: facts.checks.map((check) => ({ rule: check.rule, type: check.type, result: check.result, message: check.message })),
    dependents: facts.facts.dependents.map((dependent) => ({
      slug: dependent.slug,
      ownerTeam: dependent.ownerTeamSlug,
      depth: dependent.depth,
      trafficShare: dependent.trafficShare,
      requestRate: dependent.requestRate,
      via: dependent.via ?? [],
      slo: dependent.slo
        ? {
            status: dependent.slo.status,
            isOutOfSlo: dependent.slo.isOutOfSlo,
            budgetRemaining: dependent.slo.budgetRemaining,
            burnRate1h: dependent.slo.burnRate1h,
            sloName: dependent.slo.sloName,
            stale: dependent.slo.stale,
          }
        : null,
    })),
    involvedServices: facts.involvedServices.map((service) => ({ slug: service.slug, name: serviceNames.get(service.slug) ?? service.name })),
    approvalDeciders,
    timeline: groupTimeline(timelineRows),
    policy: facts.policy ? { source: facts.policy.source, updatedAt: facts.policy.updatedAt } : null,
    isDemo: facts.demo === true,
    liveCauses: live.causes,
    live: live.live,
  };
}

/**
 * "Decide on live facts": a pending request is assessed now (the same reads and engine as
 * the gate, nothing written); a settled one shows the gate's last re-evaluation, if it
 * made one (e.g. the facts it approved on). A failure to read live facts leaves the
 * request-time record on the page, never an error.
 */
async function liveCausesOf(organizationId: string, row: TDeployRequestRow): Promise<{ causes: TDeployLiveCauseDto[]; live: TDetail["live"] }> {
  const teamOf = new Map(row.approvals.map((approval) => [approval.id, approval.team.slug]));
  if (row.status === "pending") {
    try {
      const policies = await getActivePolicies(organizationId);
      const now = new Date();
      const assessed = await assessLiveFacts(organizationId, row, policies, now);
      return {
        causes: assessed.causes.map(({ approvalId, teamSlug, ...cause }) => ({ team: teamOf.get(approvalId) ?? teamSlug, ...cause })),
        live: { asOf: now.toISOString(), source: "now", approveWhenCleared: policies.policies.approveWhenCleared, wouldDecide: assessed.fresh.outcome },
      };
    } catch (error) {
      logger.warn({ err: error, organizationId, deployRequestId: row.id }, "could not read live facts for a deploy request; showing the request-time facts");
      return { causes: [], live: null };
    }
  }
  const stored = readLiveFacts(row.liveFacts);
  if (stored === null) return { causes: [], live: null };
  const requestedOf = new Map(
    row.approvals.flatMap((approval) => readApprovalCauses(approval.reason).map((cause) => [`${approval.id}:${cause.rule}:${cause.serviceSlug}`, snapshotFromCauseFacts(causeFacts(cause))] as const)),
  );
  return {
    causes: stored.causes.map(({ approvalId, teamSlug, ...cause }) => ({
      team: teamOf.get(approvalId) ?? teamSlug,
      ...cause,
      requested: requestedOf.get(`${approvalId}:${cause.rule}:${cause.serviceSlug}`) ?? null,
    })),
    live: { asOf: stored.evaluatedAt, source: "re-evaluation", approveWhenCleared: null, wouldDecide: stored.outcome },
  };
}

// Events written in one transaction share a timestamp; this is their order in the story.
const STORY_ORDER: Record<string, number> = {
  deploy_requested: 0,
  deploy_gate_decision: 1,
  deploy_owners_notified: 1,
  approval_given: 2,
  approval_rejected: 2,
  deploy_approved: 3,
  deploy_rejected: 3,
  deploy_expired: 3,
  deploy_cancelled: 3,
  deploy_started: 4,
  deploy_succeeded: 5,
  deploy_failed: 5,
};

/** One entry per moment (the same event is stored once per involved service), in story order. */
function groupTimeline(rows: Awaited<ReturnType<typeof findTimelineRows>>): TDeployTimelineEntry[] {
  const entries = new Map<string, TDeployTimelineEntry>();
  for (const row of rows) {
    const details = row.details !== null && typeof row.details === "object" && !Array.isArray(row.details) ? row.details : {};
    const key = typeof details.eventKey === "string" ? details.eventKey : row.id;
    const entry = entries.get(key);
    if (entry) {
      if (row.service && !entry.services.includes(row.service.slug)) entry.services.push(row.service.slug);
      continue;
    }
    entries.set(key, {
      key,
      type: row.type,
      title: row.title,
      actor: row.actor,
      occurredAt: row.occurredAt.toISOString(),
      services: row.service ? [row.service.slug] : [],
    });
  }
  return [...entries.values()].sort(
    (a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || (STORY_ORDER[a.type] ?? 9) - (STORY_ORDER[b.type] ?? 9),
  );
}
