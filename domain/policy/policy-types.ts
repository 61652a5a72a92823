import type { TSloStatusValue } from "@/domain/graph/slo-status-order.ts";

/**
 * What the gate knows about one service's SLO. When a service has several SLOs the
 * server passes the worst one (domain/graph/slo-status-order.ts), so one breached
 * latency SLO is not hidden by a healthy availability SLO.
 */
export interface SloFacts {
  status: TSloStatusValue;
  /** DESIGN "out of SLO": breached, or a page-level burn-rate alert firing. */
  isOutOfSlo: boolean;
  /** 1 - bad / allowed over the SLO window; negative when overspent. */
  budgetRemaining: number | null;
  burnRate1h: number | null;
  /** e.g. "availability" or "latency p99 < 300 ms"; used in messages. */
  sloName: string | null;
  /** The telemetry worker marked the data as stale. */
  stale: boolean;
}

export interface DependentFacts {
  slug: string;
  ownerTeamSlug: string | null;
  /** 1 = calls the service directly. */
  depth: number;
  /** Share (0..1) of the service's inbound traffic attributable to this dependent; null = unknown. */
  trafficShare: number | null;
  /** Requests per second reaching the service on this dependent's behalf; null = unknown. */
  requestRate: number | null;
  /** Intermediate services between the dependent and the service (empty for direct callers). */
  via?: readonly string[];
  /** null = the dependent has no SLO, so it cannot be out of one. */
  slo: SloFacts | null;
}

export interface ServiceFacts {
  slug: string;
  ownerTeamSlug: string | null;
}

/** An incident still going on (open or mitigated) that affects the service or one of its dependents. */
export interface OpenIncidentFacts {
  id: string;
  kind: "SEV1" | "SEV2" | "SEV3" | "near_miss";
  status: "open" | "mitigated";
  title: string;
  ownerTeamSlug: string | null;
  /** The affected services among the deployed one and its gathered dependents. */
  serviceSlugs: readonly string[];
  /** ISO 8601. */
  startedAt: string;
}

/** Everything the server layer reads from the database before asking the gate. */
export interface GateFacts {
  service: ServiceFacts;
  dependents: readonly DependentFacts[];
  /** null = the service has no SLO: there is no budget to exhaust. */
  ownSlo: SloFacts | null;
  /**
   * Open incidents on the service and its dependents, read only when an open_incident rule
   * applies (absent = not read, which that rule never sees: the server reads them for it).
   */
  openIncidents?: readonly OpenIncidentFacts[];
}

export interface DeployRequestInput {
  service: string;
  environment: string;
  version: string;
  /** A written reason makes this a break-glass request. */
  breakGlassReason?: string | null;
  requestedBy?: string | null;
}

export type GateEffect = "allow" | "require_approval" | "deny" | "notify";

export type GateOutcome = "approved" | "pending" | "rejected";

export interface GateReason {
  /** The rule's name from the policy document ("(gate)" for the decision's own entries). */
  rule: string;
  /** The rule's type, or "summary" for the "no rule objected" entry. */
  type: string;
  effect: GateEffect;
  /** A sentence for people: Slack, the deploy page, CI logs. */
  message: string;
  /** What the rule saw, kept with the decision so "why was this blocked?" can be answered later. */
  facts: Record<string, unknown>;
}

export interface ApprovalCause {
  rule: string;
  type: string;
  /** The service whose state made the rule ask: a dependent, or the deployed service itself. */
  serviceSlug: string;
  message: string;
  facts: Record<string, unknown>;
}

export interface ApprovalRequirement {
  teamSlug: string;
  because: ApprovalCause[];
}

/** One line per rule in the policy, so the deploy page can show what was checked and what was not. */
export interface RuleCheck {
  rule: string;
  type: string;
  result: "skipped" | "passed" | "objected";
  message: string;
  facts: Record<string, unknown>;
}

export interface GateDecision {
  outcome: GateOutcome;
  reasons: GateReason[];
  /** One entry per team, in the order the rules asked. Empty unless the outcome is pending. */
  approvalsRequired: ApprovalRequirement[];
  notifyTeams: string[];
  breakGlass: boolean;
  /** now + approvalTimeoutMinutes when pending, else null. */
  expiresAt: Date | null;
  evaluatedAt: Date;
  summary: string;
  checks: RuleCheck[];
}

/** A policy document problem, located so an editor can point at it. */
export interface PolicyError {
  /** The rule's name, "rules[2]" when it has no usable name, or "(document)" for top-level fields. */
  rule: string;
  /** Path inside the rule (or document), e.g. "windows[0].start"; "(rule)" for the rule as a whole. */
  field: string;
  message: string;
}
