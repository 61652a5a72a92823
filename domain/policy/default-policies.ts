import { parsePolicyYaml } from "./parse-policy-yaml.ts";
import type { PolicySet } from "./policy-schemas.ts";

/**
 * DESIGN's default set. Shipped as YAML, not objects, so /policies can show an admin
 * the same text they would start editing from, comments included.
 */
export const DEFAULT_POLICY_YAML = `# Plumbline deploy policy. Rules are checked in order; every applicable rule is
# evaluated. Any deny rejects the deploy, any require_approval makes it pending.
version: 1
# Pending approvals expire after this many minutes.
approvalTimeoutMinutes: 60
# When a service's telemetry is stale or missing: require_approval, deny, or allow.
# Stale data is never treated as healthy unless you write allow here.
staleTelemetry: require_approval
# Rules apply to every environment unless they list environments. Scope them
# (environments: [production]) once you know the names your CI sends.
rules:
  - name: dependents-out-of-slo
    type: dependents_out_of_slo
    description: Ask the owners of callers that are out of SLO before changing what they call.
    depth: 1                # 1 = direct callers only; up to 5 hops
    minTrafficShare: 0.05   # callers sending less than 5 % of the traffic are ignored
    minRequestRate: 0.1     # ...and callers sending less than 0.1 req/s (360 an hour)
    action: require_approval

  - name: own-budget-exhausted
    type: own_budget_exhausted
    description: Error-budget policy; set action to deny for a freeze until the budget recovers.
    action: require_approval

  # A freeze calendar, for example:
  # - name: holiday-freeze
  #   type: freeze_window
  #   timezone: Europe/Berlin
  #   windows:
  #     - start: "2026-12-20T00:00"
  #       end: "2027-01-04T00:00"
  #       label: year-end freeze
  #   recurring:
  #     - days: [fri]
  #       from: "16:00"
  #       to: "24:00"
  #   action: deny

  - name: break-glass
    type: break_glass
    description: Anyone may override with a written reason; the deploy is flagged and announced.
    announceTeams: []
`;

function parseDefault(): PolicySet {
  const parsed = parsePolicyYaml(DEFAULT_POLICY_YAML);
  // The text above is ours; failing here is a bug caught by the first test run.
  if (!parsed.ok) throw new Error(`DEFAULT_POLICY_YAML is invalid: ${JSON.stringify(parsed.errors)}`);
  return parsed.policies;
}

export const DEFAULT_POLICIES: PolicySet = parseDefault();
