import { appliesToEnvironment } from "./applies-to-environment.ts";
import type { PolicySet } from "./policy-schemas.ts";

/**
 * How many hops of dependents the server must load for a deploy to `environment`
 * (0 = none): the deepest enabled dependents or open_incident rule that applies there.
 */
export function maxDependentDepth(policies: PolicySet, environment: string): number {
  let depth = 0;
  for (const rule of policies.rules) {
    if ((rule.type === "dependents_out_of_slo" || rule.type === "open_incident") && rule.enabled && appliesToEnvironment(rule, environment)) {
      depth = Math.max(depth, rule.depth);
    }
  }
  return depth;
}
