import type { SloFacts } from "./policy-types.ts";

/** DESIGN "out of SLO": budget exhausted or a page alert firing. Ticket alerts alone do not count. */
export function isOutOfSlo(slo: SloFacts): boolean {
  return slo.isOutOfSlo || slo.status === "breached";
}
