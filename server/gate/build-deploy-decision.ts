import { randomUUID } from "node:crypto";
import { deployChangeEvents, describeDeploy } from "@/domain/gate/deploy-change-events.ts";
import type { GateDecision, GateReason } from "@/domain/policy/policy-types.ts";
import type { TActor } from "@/server/identity/actor.ts";
import type { TDeployRequestInput } from "./gate.schemas.ts";
import type { TDeployDecisionWrite, TDeployRequestRow, TTeamRow } from "./gate.repository.ts";
import type { TGatheredFacts } from "./gather-gate-facts.ts";
import type { TActivePolicies } from "./policy-document.ts";
import { asJsonColumn, type TStoredApprovalReason, type TStoredDecisionFacts } from "./stored-decision.ts";
import { deployRequestLinks } from "./to-deploy-request-dto.ts";

export interface TDecisionInputs {
  organizationId: string;
  input: TDeployRequestInput;
  gathered: TGatheredFacts;
  decision: GateDecision;
  policies: TActivePolicies;
  /** Teams named by the decision (approvers and those to notify) that exist in the catalog. */
  teams: TTeamRow[];
  idempotencyKey: string | null;
  requestHash: string;
  requestedVia: TStoredDecisionFacts["requestedVia"];
  baseUrl: string;
  now: Date;
  source: "api" | "demo";
  demo?: boolean;
  /** Slack is configured: approval requests to teams with a channel go to Slack (sent by workers/notifications), others stay in-app. */
  slackEnabled?: boolean;
}

/**
 * The server's last word on the engine's decision: every team asked to approve must
 * exist in the catalog, since an approval row belongs to a team and nobody could answer
 * for a team that does not exist. A pending request nobody can approve would only
 * expire, so an unknown approver turns the decision into a rejection that says why.
 */
export function requireKnownApprovers(decision: GateDecision, teams: readonly TTeamRow[]): GateDecision {
  const known = new Set(teams.map((team) => team.slug));
  // A team a notify-only rule would tell that is not in the catalog is not told; the record says so.
  const untold = decision.notifyTeams.filter((slug) => !known.has(slug));
  if (untold.length > 0) {
    decision = {
      ...decision,
      notifyTeams: decision.notifyTeams.filter((slug) => known.has(slug)),
      reasons: [
        ...decision.reasons,
        {
          rule: "(gate)",
          type: "unknown_team",
          effect: "allow",
          message: `Not told: ${untold.map((slug) => `team "${slug}"`).join(", ")} ${untold.length === 1 ? "is" : "are"} not in the catalog. Add ${untold.length === 1 ? "it" : "them"} to the catalog or fix the policy.`,
          facts: { teams: untold },
        },
      ],
    };
  }
  if (decision.outcome !== "pending") return decision;
  const unknown = decision.approvalsRequired.filter((requirement) => !known.has(requirement.teamSlug));
  if (unknown.length === 0) return decision;
  const reasons: GateReason[] = unknown.map((requirement) => ({
    rule: "(gate)",
    type: "unknown_team",
    effect: "deny",
    message: `Approval was required from team "${requirement.teamSlug}" (${requirement.because.map((cause) => cause.rule).join(", ")}), but no such team is in the catalog, so nobody could approve. Add the team to the catalog or fix the policy.`,
    facts: { teamSlug: requirement.teamSlug, rules: requirement.because.map((cause) => cause.rule) },
  }));
  return {
    ...decision,
    outcome: "rejected",
    reasons: [...decision.reasons, ...reasons],
    approvalsRequired: [],
    expiresAt: null,
    summary: `Rejected: ${reasons.length === 1 ? "a team asked to approve is" : "teams asked to approve are"} not in the catalog.`,
  };
}

/** Turns a decision into the rows written in one transaction: request, approvals, history, outbox. */
export function buildDeployDecisionWrite(inputs: TDecisionInputs): TDeployDecisionWrite {
  const { input, gathered, decision, now } = inputs;
  const requestId = randomUUID();
  const teamsBySlug = new Map(inputs.teams.map((team) => [team.slug, team]));
  const links = deployRequestLinks(inputs.baseUrl, requestId);

  // Whose history holds this request: the deployed service, and each dependent whose team was asked.
  const involved = new Map<string, { id: string; slug: string; name: string }>();
  involved.set(gathered.service.slug, { id: gathered.service.id, slug: gathered.service.slug, name: gathered.service.name });
  for (const requirement of decision.approvalsRequired) {
    for (const cause of requirement.because) {
      const service = gathered.servicesBySlug.get(cause.serviceSlug);
      if (service) involved.set(service.slug, service);
    }
  }
  // ... and each dependent whose owners a notify-only rule told.
  for (const reason of decision.breakGlass ? [] : decision.reasons) {
    const slug = reason.effect === "notify" ? reason.facts.service : undefined;
    const service = typeof slug === "string" ? gathered.servicesBySlug.get(slug) : undefined;
    if (service) involved.set(service.slug, service);
  }
  const subject = { requestId, service: gathered.service, environment: input.environment, version: input.version, involved: [...involved.values()] };

  const approvals = decision.approvalsRequired.flatMap((requirement) => {
    const team = teamsBySlug.get(requirement.teamSlug);
    if (!team) return [];
    const reason: TStoredApprovalReason = { because: requirement.because };
    return [{ id: randomUUID(), teamId: team.id, team, because: requirement.because, reason: asJsonColumn(reason) }];
  });

  const facts: TStoredDecisionFacts = {
    version: 1,
    evaluatedAt: decision.evaluatedAt.toISOString(),
    summary: decision.summary,
    breakGlass: decision.breakGlass,
    notifyTeams: decision.notifyTeams,
    checks: decision.checks,
    approvalsRequired: decision.approvalsRequired,
    facts: gathered.facts,
    policy: { source: inputs.policies.source, updatedAt: inputs.policies.updatedAt?.toISOString() ?? null, sha256: inputs.policies.sha256 },
    involvedServices: [...involved.values()],
    requestedVia: inputs.requestedVia,
    ...(inputs.demo ? { demo: true } : {}),
  };

  const who = input.requestedBy ?? (inputs.requestedVia.kind === "token" ? `token ${inputs.requestedVia.tokenName}` : "CI");
  const deploy = describeDeploy(subject);
  const outcomeText =
    decision.outcome === "pending"
      ? `pending, approval needed from ${approvals.map((approval) => approval.team.name).join(", ")}`
      : decision.breakGlass
        ? "approved by break-glass"
        : decision.outcome;
  const events = [
    ...deployChangeEvents(subject, {
      key: "requested",
      type: "deploy_requested",
      title: `${deploy} requested by ${who}`,
      actor: input.requestedBy ?? null,
      at: now,
      details: { commit: input.commit ?? null, ciUrl: input.ciUrl ?? null, breakGlassReason: input.breakGlassReason ?? null },
    }),
    ...deployChangeEvents(subject, {
      key: "decision",
      type: "deploy_gate_decision",
      title: `Deploy gate: ${deploy} ${outcomeText}`,
      actor: "plumbline",
      at: now,
      details: { outcome: decision.outcome, summary: decision.summary, breakGlass: decision.breakGlass, reasons: decision.reasons.map((reason) => reason.message) },
    }),
  ];
  // Notify-only rules (require: notification): the teams told are part of the record.
  const notices = decision.reasons.filter((reason) => reason.effect === "notify" && reason.type !== "break_glass");
  const toldTeams = decision.breakGlass ? [] : decision.notifyTeams.filter((slug) => teamsBySlug.has(slug));
  if (toldTeams.length > 0) {
    events.push(
      ...deployChangeEvents(subject, {
        key: "notified",
        type: "deploy_owners_notified",
        title: `${deploy}: ${toldTeams.map((slug) => teamsBySlug.get(slug)?.name ?? slug).join(", ")} told (notify-only ${notices.map((reason) => reason.rule).filter((rule, index, all) => all.indexOf(rule) === index).join(", ")})`,
        actor: "plumbline",
        at: now,
        details: { teams: toldTeams, rules: notices.map((reason) => reason.rule), messages: notices.map((reason) => reason.message) },
      }),
    );
  }

  const servicePayload = { slug: gathered.service.slug, name: gathered.service.name, url: `${inputs.baseUrl}/services/${gathered.service.slug}` };
  const common = {
    deployRequestId: requestId,
    service: servicePayload,
    environment: input.environment,
    version: input.version,
    commit: input.commit ?? null,
    requestedBy: input.requestedBy ?? null,
    ciUrl: input.ciUrl ?? null,
    summary: decision.summary,
    breakGlass: decision.breakGlass,
    breakGlassReason: input.breakGlassReason ?? null,
    expiresAt: decision.expiresAt?.toISOString() ?? null,
    links: { request: links.ui, api: links.self },
  };
  const notifications = approvals.map((approval) => ({
    id: randomUUID(),
    ...outboxAddress(approval.team, inputs.slackEnabled),
    kind: "approval_request",
    dedupeKey: `approval:${approval.id}`,
    payload: asJsonColumn({
      ...common,
      approvalId: approval.id,
      team: { slug: approval.team.slug, name: approval.team.name, slackChannel: approval.team.slackChannel },
      because: approval.because.map((cause) => ({
        rule: cause.rule,
        message: cause.message,
        service: { slug: cause.serviceSlug, url: `${inputs.baseUrl}/services/${cause.serviceSlug}` },
        facts: cause.facts,
      })),
      links: { ...common.links, approve: links.ui },
    }),
  }));
  // Break-glass is approved at once but announced (DESIGN): one outbox row per team to tell.
  for (const slug of decision.breakGlass ? decision.notifyTeams : []) {
    const team = teamsBySlug.get(slug);
    if (!team) continue;
    notifications.push({
      id: randomUUID(),
      ...outboxAddress(team, inputs.slackEnabled),
      kind: "deploy_announcement",
      dedupeKey: `announce:${requestId}:${team.slug}`,
      payload: asJsonColumn({ ...common, team: { slug: team.slug, name: team.name, slackChannel: team.slackChannel }, reasons: decision.reasons.map((reason) => reason.message) }),
    });
  }

  for (const slug of toldTeams) {
    const team = teamsBySlug.get(slug);
    if (!team) continue;
    notifications.push({
      id: randomUUID(),
      ...outboxAddress(team, inputs.slackEnabled),
      kind: "deploy_notification",
      dedupeKey: `notice:${requestId}:${team.slug}`,
      payload: asJsonColumn({
        ...common,
        team: { slug: team.slug, name: team.name, slackChannel: team.slackChannel },
        reasons: notices.filter((reason) => isToldIn(reason.facts, team.slug)).map((reason) => reason.message),
      }),
    });
  }

  return {
    request: {
      id: requestId,
      serviceId: gathered.service.id,
      environment: input.environment,
      version: input.version,
      commit: input.commit ?? null,
      requestedBy: input.requestedBy ?? null,
      ciUrl: input.ciUrl ?? null,
      status: decision.outcome,
      reasons: asJsonColumn(decision.reasons),
      decisionFacts: asJsonColumn(facts),
      breakGlassReason: input.breakGlassReason ?? null,
      idempotencyKey: inputs.idempotencyKey,
      requestHash: inputs.requestHash,
      expiresAt: decision.outcome === "pending" ? decision.expiresAt : null,
      decidedAt: decision.outcome === "pending" ? null : now,
      createdAt: now,
    },
    // createdAt a millisecond apart keeps the teams in the order the rules asked them.
    approvals: approvals.map((approval, index) => ({ id: approval.id, teamId: approval.teamId, reason: approval.reason, createdAt: new Date(now.getTime() + index) })),
    events: events.map((event) => ({ ...event, details: asJsonColumn(event.details), source: inputs.source })),
    notifications,
  };
}

export function requestedViaOf(actor: TActor): TStoredDecisionFacts["requestedVia"] {
  return actor.kind === "token" ? { kind: "token", tokenName: actor.tokenName } : { kind: "user", email: actor.email };
}

/**
 * The row a decision write becomes, without reading it back: the API answers from the
 * same mapping as every later read (toDeployRequestDto), minus a query on the hot path.
 */
export function rowFromWrite(write: TDeployDecisionWrite, service: TGatheredFacts["service"], teams: readonly TTeamRow[]): TDeployRequestRow {
  const teamsById = new Map(teams.map((team) => [team.id, team]));
  return {
    id: write.request.id,
    status: write.request.status,
    environment: write.request.environment,
    version: write.request.version,
    commit: write.request.commit,
    requestedBy: write.request.requestedBy,
    ciUrl: write.request.ciUrl,
    reasons: write.request.reasons,
    decisionFacts: write.request.decisionFacts,
    breakGlassReason: write.request.breakGlassReason,
    requestHash: write.request.requestHash,
    expiresAt: write.request.expiresAt,
    decidedAt: write.request.decidedAt,
    createdAt: write.request.createdAt,
    liveFacts: null,
    reevaluatedAt: null,
    service: { id: service.id, slug: service.slug, name: service.name, ownerTeam: service.ownerTeam ? { slug: service.ownerTeam.slug, name: service.ownerTeam.name } : null },
    approvals: write.approvals.map((approval) => {
      const team = teamsById.get(approval.teamId);
      return {
        id: approval.id,
        status: "pending" as const,
        reason: approval.reason,
        decidedAt: null,
        channel: null,
        comment: null,
        createdAt: approval.createdAt,
        team: { id: approval.teamId, slug: team?.slug ?? "", name: team?.name ?? "" },
        decidedBy: null,
      };
    }),
  };
}

function isToldIn(facts: Record<string, unknown>, teamSlug: string): boolean {
  const teams = facts.notifyTeams;
  return Array.isArray(teams) && teams.includes(teamSlug);
}

/** Where a team's messages go: its Slack channel when Slack is configured and it has one, else the in-app outbox. */
function outboxAddress(team: TTeamRow, slackEnabled: boolean | undefined): { channel: string; target: string } {
  return slackEnabled && team.slackChannel ? { channel: "slack", target: team.slackChannel } : { channel: "inapp", target: `team:${team.slug}` };
}
