import type { TPolicyRule } from "./policy-schemas.ts";

/** Environments were lower-cased when the policy was parsed; the request's is here. */
export function appliesToEnvironment(rule: TPolicyRule, environment: string): boolean {
  return rule.environments === undefined || rule.environments.includes(environment.trim().toLowerCase());
}
