import { addMinutes } from "date-fns";
import { appliesToEnvironment } from "./applies-to-environment.ts";
import { applyNotifyOnly } from "./apply-notify-only.ts";
import { evaluateDependentsRule } from "./evaluate-dependents-rule.ts";
import { evaluateFreezeWindowRule } from "./evaluate-freeze-window-rule.ts";
import { evaluateOpenIncidentRule } from "./evaluate-open-incident-rule.ts";
import { evaluateOwnBudgetRule } from "./evaluate-own-budget-rule.ts";
import { formatList } from "./format-gate-text.ts";
import type { PolicySet, TBreakGlassRule, TPolicyRule } from "./policy-schemas.ts";
import type { ApprovalRequirement, DeployRequestInput, GateDecision, GateFacts, GateReason, RuleCheck } from "./policy-types.ts";
import type { RuleFinding, RuleResult } from "./rule-finding.ts";

/** Entries the gate writes itself rather than a named rule. */
const GATE = "(gate)";

interface RuleFindings {
  rule: TPolicyRule;
  finding: RuleFinding;
}

/**
 * Decides a deploy request. Pure: the server reads the graph and SLO statuses into
 * `facts`, and `now` is passed in.
 *
 * Every enabled rule that applies to the request's environment is evaluated (no
 * first-match: the record shows everything that objected); rule order sets the order
 * of reasons and of teams asked. Then: any deny → rejected; else any require_approval
 * → pending, one approval entry per team; else approved with a "no rule objected"
 * entry. A break-glass request (a written reason, and an applicable break_glass rule)
 * turns rejected or pending into approved, flagged, and announced to the rule's
 * announceTeams, the service's owners and every team whose approval it skipped.
 */
export function evaluatePolicies(policies: PolicySet, facts: GateFacts, request: DeployRequestInput, now: Date): GateDecision {
  if (Number.isNaN(now.getTime())) throw new RangeError("now must be a valid date");
  if (request.service !== facts.service.slug) {
    throw new RangeError(`facts are for ${facts.service.slug} but the request is for ${request.service}`);
  }

  const checks: (RuleCheck | TBreakGlassRule)[] = [];
  const found: RuleFindings[] = [];
  const breakGlassRules: TBreakGlassRule[] = [];
  for (const rule of policies.rules) {
    if (!rule.enabled) {
      checks.push(check(rule, "skipped", "disabled", {}));
      continue;
    }
    if (!appliesToEnvironment(rule, request.environment)) {
      const only = formatList(rule.environments ?? []);
      checks.push(check(rule, "skipped", `applies only to ${only}, not ${request.environment}`, { environments: rule.environments }));
      continue;
    }
    if (rule.type === "break_glass") {
      // Its line in the checks depends on what the other rules found, so it is written last.
      breakGlassRules.push(rule);
      checks.push(rule);
      continue;
    }
    const result = applyNotifyOnly(rule, evaluateRule(rule, policies, facts, request, now), facts, policies);
    // A notify-only rule's notice holds nothing: the rule passed, and its note says who was told.
    const objects = result.findings.some((finding) => finding.effect === "require_approval" || finding.effect === "deny");
    checks.push(check(rule, objects ? "objected" : "passed", result.note, result.facts));
    for (const finding of result.findings) found.push({ rule, finding });
  }

  const reasons: GateReason[] = found.map(({ rule, finding }) => ({
    rule: rule.name,
    type: rule.type,
    effect: finding.effect,
    message: finding.message,
    facts: { service: finding.serviceSlug, ...finding.facts },
  }));
  const denies = found.filter(({ finding }) => finding.effect === "deny");
  const approvals = found.filter(({ finding }) => finding.effect === "require_approval");
  // In rule order, so the override message reads like the policy.
  const blockers = found.filter(({ finding }) => finding.effect === "require_approval" || finding.effect === "deny");
  // Notify-only rules (require: notification): told whatever the outcome but a rejection (nothing is deployed then).
  const noticeTeams = unique(found.flatMap(({ finding }) => (finding.effect === "notify" ? (finding.notifyTeams ?? []) : [])));
  const told = noticeTeams.length === 0 ? "" : `; ${formatList(noticeTeams)} told (notify-only)`;
  const prefix = `${request.service} ${request.version} to ${request.environment}`;

  const glass = decideBreakGlass(breakGlassRules, request, blockers);
  // Break-glass rules were held as placeholders (rules, not checks) until now.
  const finishedChecks = checks.map((entry) => ("rule" in entry ? entry : check(entry, "passed", glass.note, {})));
  if (glass.reason !== null) reasons.push(glass.reason);

  const base = { evaluatedAt: now, checks: finishedChecks };
  if (glass.applied !== null) {
    const { rule, reasonText } = glass.applied;
    const skippedTeams = unique(approvals.flatMap(({ finding }) => finding.approvalTeams));
    const notifyTeams = unique([
      ...breakGlassRules.flatMap((applicable) => applicable.announceTeams),
      ...(facts.service.ownerTeamSlug === null ? [] : [facts.service.ownerTeamSlug]),
      ...skippedTeams,
      ...noticeTeams,
    ]);
    const overridden = blockers.map(({ rule: blocker, finding }) => ({
      rule: blocker.name,
      effect: finding.effect,
      service: finding.serviceSlug,
      approvalTeams: finding.approvalTeams,
    }));
    const overriddenNames = unique(blockers.map(({ rule: blocker }) => blocker.name));
    const who = request.requestedBy ?? "the requester";
    reasons.push({
      rule: rule.name,
      type: rule.type,
      effect: "allow",
      message: `Break-glass by ${who}: "${reasonText}". It overrode ${describeOverridden(blockers, request.service)}`,
      facts: { reason: reasonText, requestedBy: request.requestedBy ?? null, overridden },
    });
    if (notifyTeams.length > 0) {
      reasons.push({
        rule: rule.name,
        type: rule.type,
        effect: "notify",
        message: `Break-glass deploy announced to ${formatList(notifyTeams)}`,
        facts: { teams: notifyTeams },
      });
    }
    return {
      outcome: "approved",
      reasons,
      approvalsRequired: [],
      notifyTeams,
      breakGlass: true,
      expiresAt: null,
      summary: `${prefix}: approved by break-glass, overriding ${formatList(overriddenNames)}`,
      ...base,
    };
  }

  const [firstDeny] = denies;
  if (firstDeny !== undefined) {
    const names = unique(denies.map(({ rule }) => rule.name));
    return {
      outcome: "rejected",
      reasons,
      // Nobody is asked to approve what a deny has already settled.
      approvalsRequired: [],
      notifyTeams: [],
      breakGlass: false,
      expiresAt: null,
      summary: `${prefix}: rejected by ${formatList(names)}: ${firstDeny.finding.message}`,
      ...base,
    };
  }

  if (approvals.length > 0) {
    const approvalsRequired = groupByTeam(approvals);
    const names = unique(approvals.map(({ rule }) => rule.name));
    return {
      outcome: "pending",
      reasons,
      approvalsRequired,
      notifyTeams: noticeTeams,
      breakGlass: false,
      expiresAt: addMinutes(now, policies.approvalTimeoutMinutes),
      summary: `${prefix}: pending approval from ${formatList(approvalsRequired.map((entry) => entry.teamSlug))} (${formatList(names)})${told}`,
      ...base,
    };
  }

  const checked = finishedChecks.filter((entry) => entry.result !== "skipped");
  const skipped = finishedChecks.filter((entry) => entry.result === "skipped");
  const list = checked.map((entry) => `${entry.rule} (${entry.message})`);
  const skippedText = skipped.length === 0 ? "" : `; skipped ${formatList(skipped.map((entry) => entry.rule))}`;
  reasons.push({
    rule: GATE,
    type: "summary",
    effect: "allow",
    message: checked.length === 0 ? `No rule applies to ${request.environment}${skippedText}` : `No rule objected: checked ${list.join("; ")}${skippedText}`,
    facts: { checked: checked.map((entry) => entry.rule), skipped: skipped.map((entry) => entry.rule) },
  });
  const notes = found.length === 0 ? "" : `, ${found.length} note${found.length === 1 ? "" : "s"}`;
  return {
    outcome: "approved",
    reasons,
    approvalsRequired: [],
    notifyTeams: noticeTeams,
    breakGlass: false,
    expiresAt: null,
    summary: `${prefix}: approved, no rule objected (${checked.length} checked, ${skipped.length} skipped${notes})${told}`,
    ...base,
  };
}

function evaluateRule(
  rule: Exclude<TPolicyRule, TBreakGlassRule>,
  policies: PolicySet,
  facts: GateFacts,
  request: DeployRequestInput,
  now: Date,
): RuleResult {
  switch (rule.type) {
    case "dependents_out_of_slo":
      return evaluateDependentsRule(rule, facts, policies);
    case "own_budget_exhausted":
      return evaluateOwnBudgetRule(rule, facts, policies);
    case "freeze_window":
      return evaluateFreezeWindowRule(rule, facts, request, policies, now);
    case "open_incident":
      return evaluateOpenIncidentRule(rule, facts, policies);
  }
}

interface BreakGlassDecision {
  applied: { rule: TBreakGlassRule; reasonText: string } | null;
  /** Said in the decision when break-glass was asked for but not used. */
  reason: GateReason | null;
  /** The break_glass rules' line in the checks. */
  note: string;
}

/**
 * Break-glass needs three things: the requester asked (a reason field was sent), the
 * reason has real text, and a break_glass rule applies here. The first applicable rule
 * sets the minimum reason length. Asked but unusable, the decision says why, so a CI
 * log shows "a reason is required" rather than an unexplained rejection.
 */
function decideBreakGlass(rules: readonly TBreakGlassRule[], request: DeployRequestInput, blockers: readonly RuleFindings[]): BreakGlassDecision {
  const isRequested = request.breakGlassReason !== undefined && request.breakGlassReason !== null;
  const reasonText = request.breakGlassReason?.trim() ?? "";
  const [rule] = rules;
  if (!isRequested) return { applied: null, reason: null, note: "not requested" };
  if (blockers.length === 0) {
    const message = "Break-glass not needed: no rule objected, so the deploy goes through normally";
    return { applied: null, reason: gateNote(rule?.name ?? GATE, message, reasonText), note: "requested but not needed" };
  }
  if (rule === undefined) {
    const message = `Break-glass not applied: no break_glass rule allows it for ${request.environment}`;
    return { applied: null, reason: gateNote(GATE, message, reasonText), note: "not available" };
  }
  if (reasonText.length < rule.minReasonLength) {
    const message =
      reasonText === ""
        ? "Break-glass not applied: a written reason is required"
        : `Break-glass not applied: the reason must be at least ${rule.minReasonLength} characters (got ${reasonText.length})`;
    return { applied: null, reason: gateNote(rule.name, message, reasonText), note: "requested without a usable reason" };
  }
  return { applied: { rule, reasonText }, reason: null, note: `applied: overrode ${formatList(unique(blockers.map(({ rule: blocker }) => blocker.name)))}` };
}

function gateNote(rule: string, message: string, reasonText: string): GateReason {
  // "allow" here means "this entry blocks nothing"; the message says what did not happen.
  return { rule, type: "break_glass", effect: "allow", message, facts: { breakGlassRequested: true, reason: reasonText } };
}

function describeOverridden(blockers: readonly RuleFindings[], service: string): string {
  const parts = blockers.map(({ rule, finding }) =>
    finding.effect === "deny"
      ? `${rule.name} (deny${finding.serviceSlug === service ? "" : ` for ${finding.serviceSlug}`})`
      : `${rule.name} (approval from ${formatList(finding.approvalTeams)} for ${finding.serviceSlug})`,
  );
  return formatList(unique(parts));
}

/** One entry per team, in the order rules first asked it, so a team gets one Slack message listing every cause. */
function groupByTeam(approvals: readonly RuleFindings[]): ApprovalRequirement[] {
  const byTeam = new Map<string, ApprovalRequirement>();
  for (const { rule, finding } of approvals) {
    for (const teamSlug of finding.approvalTeams) {
      let entry = byTeam.get(teamSlug);
      if (entry === undefined) {
        entry = { teamSlug, because: [] };
        byTeam.set(teamSlug, entry);
      }
      entry.because.push({ rule: rule.name, type: rule.type, serviceSlug: finding.serviceSlug, message: finding.message, facts: finding.facts });
    }
  }
  return [...byTeam.values()];
}

function check(rule: TPolicyRule, result: RuleCheck["result"], message: string, facts: Record<string, unknown>): RuleCheck {
  return { rule: rule.name, type: rule.type, result, message, facts };
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
