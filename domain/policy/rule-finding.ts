import type { GateEffect } from "./policy-types.ts";

/**
 * What one rule concluded about one subject (a dependent, the service, a freeze window).
 * evaluatePolicies turns findings into reasons, approvals and the outcome.
 */
export interface RuleFinding {
  /** "notify" only after a notify-only rule (require: notification) turned an objection into a notice. */
  effect: GateEffect;
  /** The service whose state the finding is about. */
  serviceSlug: string;
  message: string;
  /** What the rule saw, without what it asks for ("checkout is out of SLO: …"); a notice says it with who was told. */
  situation?: string;
  facts: Record<string, unknown>;
  /** Teams to ask when effect is require_approval. */
  approvalTeams: string[];
  /** Teams told when effect is notify. */
  notifyTeams?: string[];
  /** An allow worth reporting anyway, e.g. stale telemetry let through by an explicit policy. */
  isNotable: boolean;
}

/** A rule's whole result: its findings plus a one-line note for the list of checks. */
export interface RuleResult {
  note: string;
  facts: Record<string, unknown>;
  findings: RuleFinding[];
}
