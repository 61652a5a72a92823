import { formatBurnRate, formatPercent } from "@/domain/slo/format-slo-text.ts";
import type { SloFacts } from "./policy-types.ts";

/**
 * Why an SLO counts as out of SLO, in the words of the brief's example:
 * "availability budget -12% remaining, burning 14.4x over 1 h".
 */
export function describeSloState(slo: SloFacts): string {
  const name = slo.sloName ?? "SLO";
  const budget = slo.budgetRemaining === null ? null : `${formatPercent(slo.budgetRemaining)} remaining`;
  const burn = slo.burnRate1h === null ? null : `burning ${formatBurnRate(slo.burnRate1h)} over 1 h`;
  if (slo.status === "breached" || (slo.budgetRemaining !== null && slo.budgetRemaining <= 0)) {
    return [`${name} budget ${budget ?? "exhausted"}`, burn].filter((part) => part !== null).join(", ");
  }
  if (slo.isOutOfSlo) {
    const alert = burn === null ? `${name} page alert firing` : `${name} ${burn} (page alert firing)`;
    return budget === null ? alert : `${alert}, budget ${budget}`;
  }
  const state = slo.status === "at_risk" ? `${name} at risk (ticket alert only)` : `${name} ${slo.status}`;
  return budget === null ? state : `${state}, budget ${budget}`;
}
