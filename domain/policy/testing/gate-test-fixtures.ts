import { parsePolicyYaml } from "@/domain/policy/parse-policy-yaml.ts";
import type { PolicySet } from "@/domain/policy/policy-schemas.ts";
import type { DependentFacts, DeployRequestInput, GateFacts, SloFacts } from "@/domain/policy/policy-types.ts";

/** Builders shared by the policy tests: each case states only what differs from a healthy graph. */

export const HEALTHY: SloFacts = { status: "healthy", isOutOfSlo: false, budgetRemaining: 0.6, burnRate1h: 0.4, sloName: "availability", stale: false };
export const BREACHED: SloFacts = { status: "breached", isOutOfSlo: true, budgetRemaining: -0.12, burnRate1h: 14.4, sloName: "availability", stale: false };
/** A page alert firing with budget left: out of SLO. */
export const PAGE_ALERT: SloFacts = { status: "at_risk", isOutOfSlo: true, budgetRemaining: 0.4, burnRate1h: 14.4, sloName: "availability", stale: false };
/** Only a ticket alert: at risk but not out of SLO. */
export const TICKET_ALERT: SloFacts = { status: "at_risk", isOutOfSlo: false, budgetRemaining: 0.5, burnRate1h: 3.2, sloName: "availability", stale: false };
export const STALE: SloFacts = { status: "no_data", isOutOfSlo: false, budgetRemaining: null, burnRate1h: null, sloName: "availability", stale: true };
export const NO_DATA: SloFacts = { status: "no_data", isOutOfSlo: false, budgetRemaining: null, burnRate1h: null, sloName: "availability", stale: false };

export function dependent(slug: string, ownerTeamSlug: string | null, slo: SloFacts | null, overrides: Partial<DependentFacts> = {}): DependentFacts {
  return { slug, ownerTeamSlug, depth: 1, trafficShare: 0.38, requestRate: 12, slo, ...overrides };
}

export function gateFacts(overrides: Partial<GateFacts> = {}): GateFacts {
  return { service: { slug: "payments", ownerTeamSlug: "checkout" }, dependents: [], ownSlo: HEALTHY, ...overrides };
}

export function deployRequest(overrides: Partial<DeployRequestInput> = {}): DeployRequestInput {
  return { service: "payments", environment: "production", version: "1.4.2", requestedBy: "alice", ...overrides };
}

/** Parses a policy written for a test, failing loudly so a typo in a case is not a silent pass. */
export function policy(yaml: string): PolicySet {
  const parsed = parsePolicyYaml(yaml);
  if (!parsed.ok) throw new Error(`test policy is invalid: ${JSON.stringify(parsed.errors)}`);
  return parsed.policies;
}
