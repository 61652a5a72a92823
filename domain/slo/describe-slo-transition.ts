import { formatPercent } from "./format-slo-text.ts";
import { presentSloStatus } from "./slo-status-vocabulary.ts";
import type { SloStatus } from "./slo-types.ts";

/** Change event type for an SLO status transition (snake_case like the Kubernetes events). */
export const SLO_STATUS_CHANGED = "slo_status_changed";

/**
 * The history line for a status transition, e.g.
 * `checkout: SLO availability healthy → at risk (budget 82% left)`.
 */
export function describeSloTransition(input: {
  serviceSlug: string;
  sloName: string;
  from: SloStatus;
  to: SloStatus;
  budgetRemaining: number | null;
}): string {
  const remaining = input.budgetRemaining;
  const budget =
    remaining === null
      ? ""
      : remaining <= 0
        ? ` (${formatPercent(1 - remaining)} of the budget spent)`
        : ` (budget ${formatPercent(remaining)} left)`;
  return `${input.serviceSlug}: SLO ${input.sloName} ${presentSloStatus(input.from).word} → ${presentSloStatus(input.to).word}${budget}`;
}

/** Idempotency key of a transition: one event per SLO, minute and new status, however often a cycle is retried. */
export function sloTransitionDedupeKey(sloId: string, at: Date, to: SloStatus): string {
  return `slo:${sloId}:${at.toISOString()}:${to}`;
}
