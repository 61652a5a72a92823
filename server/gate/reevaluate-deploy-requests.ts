import { materialKey } from "@/domain/gate/compare-cause-facts.ts";
import { describeDeploy } from "@/domain/gate/deploy-change-events.ts";
import { statusFromApprovals } from "@/domain/gate/deploy-status.ts";
import { AppError } from "@/server/http/problem.ts";
import { logger } from "@/server/logger.ts";
import { planFollowUpNotifications } from "@/server/notifications/plan-follow-up-notifications.ts";
import { announceDeployRequestChange, deployRequestNotifyPayload } from "./deploy-request-notifier.ts";
import { eventsFor } from "./deploy-request-subject.ts";
import {
  findOrganizationIdsWithPendingRequests,
  findPendingRequestIds,
  recordQuietReevaluations,
  recordReevaluation,
  type TQuietReevaluation,
} from "./gate-reevaluation.repository.ts";
import { findDeployRequestRows, type TDeployRequestRow } from "./gate.repository.ts";
import { assessLiveFacts, gatherOncePerService, requestTimeCauses, type TGatherFacts, type TLiveAssessment } from "./assess-live-facts.ts";
import { getActivePolicies, type TActivePolicies } from "./policy-document.ts";
import { toJson } from "./stored-decision.ts";
import { readLiveFacts, type TStoredLiveFacts } from "./stored-live-facts.ts";

/** The words the record keeps for an approval the gate gave itself. */
export const GATE_APPROVAL_COMMENT = "approved by the gate: cause cleared";

const BATCH = 500;
/**
 * Requests read at a time. On the embedded database the answer arrives on the event loop's
 * thread and is parsed there in one go (the worker's message, the JSON columns, Prisma's
 * mapping of the relations): 500 rows with their decisions and approvals held the PGlite
 * soak's loop for one turn at each SLO cycle, so the rows come in parts, each re-evaluated
 * before the next is read.
 */
const ROWS_PER_READ = 25;

export interface TReevaluationCounts {
  reevaluated: number;
  /** Approvals the gate approved because their causes cleared (approveWhenCleared). */
  approvedByGate: number;
  /** Requests that became approved by it. */
  settled: number;
  /** Requests whose live facts changed materially (their Slack messages are updated). */
  changed: number;
}

/**
 * The SLO cycle's second half (server/slo/run-slo-evaluation-cycle.ts): every pending
 * request of every organization is re-evaluated on the facts just written, so a
 * dependent that recovered clears its cause within one SLO-evaluation cycle. The same
 * pass sees graph changes (edges written by the mesh worker) and time (a freeze ending).
 */
export async function reevaluateAllPendingDeployRequests(now: Date, trigger: string): Promise<TReevaluationCounts> {
  const total: TReevaluationCounts = { reevaluated: 0, approvedByGate: 0, settled: 0, changed: 0 };
  for (const organizationId of await findOrganizationIdsWithPendingRequests(now)) {
    try {
      const counts = await reevaluatePendingDeployRequests(organizationId, { now, trigger });
      for (const key of Object.keys(total) as (keyof TReevaluationCounts)[]) total[key] += counts[key];
    } catch (error) {
      logger.error({ err: error, organizationId }, "re-evaluating pending deploy requests failed for an organization; the others continue");
    }
  }
  return total;
}

/**
 * Re-evaluates an organization's pending deploy requests on current facts and the current
 * policy (after an SLO cycle, a policy save): stores the live facts per cause beside the
 * request-time record, and when the policy says approveWhenCleared, approves each
 * approval whose every cause cleared, "approved by the gate: cause cleared", with the facts.
 * Long-polls wake at once; Slack messages are updated when the facts changed materially.
 */
export async function reevaluatePendingDeployRequests(organizationId: string, options: { now?: Date; trigger: string }): Promise<TReevaluationCounts> {
  const now = options.now ?? new Date();
  const counts: TReevaluationCounts = { reevaluated: 0, approvedByGate: 0, settled: 0, changed: 0 };
  // Which requests are settled once, as one read of the rows did; a request decided or
  // expired since is still read, and recordReevaluation leaves it alone (not pending).
  const ids = await findPendingRequestIds(organizationId, now, BATCH);
  if (ids.length === 0) return counts;
  const policies = await getActivePolicies(organizationId);
  const gather = gatherOncePerService();
  for (let start = 0; start < ids.length; start += ROWS_PER_READ) {
    // Nearly every request in a cycle approves nothing and changed nothing material: their live
    // facts are stored together, in one statement per read, not one locking transaction each
    // (500 pending requests: 2,000 statements fewer; bench/gate-reevaluation.bench.ts).
    const quiet: TQuietReevaluation[] = [];
    for (const row of await findDeployRequestRows(organizationId, ids.slice(start, start + ROWS_PER_READ))) {
      try {
        const judged = await judgeAgain(organizationId, row, policies, now, options.trigger, gather);
        if (!judged.needsMessages) {
          quiet.push({ deployRequestId: row.id, liveFacts: toJson(judged.liveFacts) });
          continue;
        }
        const result = await recordJudgement(organizationId, row, judged, now, options.trigger);
        if (result === null) continue;
        counts.reevaluated += 1;
        counts.approvedByGate += result.approved;
        if (result.settled) counts.settled += 1;
        if (result.changed) counts.changed += 1;
      } catch (error) {
        // A service deleted since the request (422) cannot be re-evaluated: a person decides it.
        if (error instanceof AppError && error.status === 422) continue;
        throw error;
      }
    }
    counts.reevaluated += await recordQuietReevaluations(organizationId, now, quiet);
  }
  return counts;
}

interface TJudgement {
  liveFacts: TStoredLiveFacts;
  causes: TStoredLiveFacts["causes"];
  gathered: TLiveAssessment["gathered"];
  approveApprovalIds: string[];
  /** The facts changed materially (Slack messages are updated). */
  changed: boolean;
  /** Someone is told: a cause changed materially, or the gate approves. */
  needsMessages: boolean;
}

/** A pending request on today's facts; writes nothing. */
async function judgeAgain(organizationId: string, row: TDeployRequestRow, policies: TActivePolicies, now: Date, trigger: string, gather: TGatherFacts): Promise<TJudgement> {
  const { gathered, fresh, reassessment, causes: live } = await assessLiveFacts(organizationId, row, policies, now, gather);
  // Stored without the request-time side, which the request's own record keeps.
  const causes: TStoredLiveFacts["causes"] = live.map(({ requested: _requested, ...cause }) => cause);
  const key = materialKey(causes);
  const previous = readLiveFacts(row.liveFacts);
  // The first look compares with the request: a cause unchanged since then (not cleared, same state) is no news.
  const baseline = previous?.materialKey ?? materialKey(requestTimeCauses(row));
  const changed = key !== baseline;
  const liveFacts: TStoredLiveFacts = {
    version: 1,
    evaluatedAt: now.toISOString(),
    trigger,
    outcome: fresh.outcome,
    summary: fresh.summary,
    facts: gathered.facts,
    causes,
    materialKey: key,
    policySha256: policies.sha256,
  };
  const approveApprovalIds = reassessment.approveApprovalIds;
  return { liveFacts, causes, gathered, approveApprovalIds, changed, needsMessages: changed || approveApprovalIds.length > 0 };
}

/** Stores a judgement someone is told about: approvals, history, follow-up messages, in one locking transaction. */
async function recordJudgement(
  organizationId: string,
  row: TDeployRequestRow,
  judged: TJudgement,
  now: Date,
  trigger: string,
): Promise<{ approved: number; settled: boolean; changed: boolean } | null> {
  const { gathered, causes, changed, liveFacts } = judged;
  const deploy = describeDeploy({ service: row.service, version: row.version, environment: row.environment });
  const teamsById = new Map(row.approvals.map((approval) => [approval.id, approval.team]));
  const eventKey = `reevaluated:${now.toISOString()}`;
  const followUps = await planFollowUpNotifications(organizationId, { id: row.id, serviceId: row.service.id }, eventKey);
  const result = await recordReevaluation(organizationId, {
    deployRequestId: row.id,
    at: now,
    liveFacts: toJson(liveFacts),
    approve: { approvalIds: judged.approveApprovalIds, comment: GATE_APPROVAL_COMMENT },
    settle: statusFromApprovals,
    events: (approvedIds, requestStatus) => [
      ...approvedIds.flatMap((approvalId) => {
        const team = teamsById.get(approvalId);
        const cleared = causes.filter((cause) => cause.approvalId === approvalId);
        return eventsFor(row, "api", {
          key: `approval:${approvalId}`,
          type: "approval_given",
          title: `${team?.name ?? "A team"}'s approval of ${deploy}: ${GATE_APPROVAL_COMMENT} (${cleared.map((cause) => `${cause.serviceSlug}: ${cause.note}`).join("; ")})`,
          actor: "plumbline gate",
          at: now,
          details: { team: team?.slug ?? null, channel: "gate", comment: GATE_APPROVAL_COMMENT, trigger, causes: cleared, facts: gathered.facts },
        });
      }),
      ...(requestStatus === "approved"
        ? eventsFor(row, "api", {
            key: "status:approved",
            type: "deploy_approved",
            title: `${deploy} approved: every cause cleared (${trigger})`,
            actor: "plumbline gate",
            at: now,
          })
        : []),
    ],
    notifications: (_approvedIds, requestStatus) => followUps(requestStatus),
    notifyPayload: deployRequestNotifyPayload(row.id),
  });
  if (result.kind !== "recorded") return null;
  if (result.approved > 0) announceDeployRequestChange(row.id);
  return { approved: result.approved, settled: result.requestStatus !== "pending", changed };
}
