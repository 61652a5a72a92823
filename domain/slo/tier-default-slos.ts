import type { SloKind } from "./slo-types.ts";

export interface TierDefaultSlo {
  name: string;
  kind: SloKind;
  objective: number;
}

/**
 * The SLOs a service gets from its tier alone (`plumbline.dev/tier`), so every tiered
 * service is judged from day one. Only availability: a latency threshold is a property
 * of the service, not of its tier. Data, not code: change the table to change the policy.
 * A declared availability SLO (annotation, OpenSLO) replaces the default, and
 * `plumbline.dev/slo-availability: "none"` opts out.
 *
 * | tier | availability |
 * | --- | --- |
 * | 1 | 99.9 % (43 min of errors per 30 days at constant traffic) |
 * | 2 | 99.5 % |
 * | 3 | 99.0 % |
 */
export const TIER_DEFAULT_SLOS: Readonly<Record<1 | 2 | 3, readonly TierDefaultSlo[]>> = {
  1: [{ name: "availability", kind: "availability", objective: 99.9 }],
  2: [{ name: "availability", kind: "availability", objective: 99.5 }],
  3: [{ name: "availability", kind: "availability", objective: 99.0 }],
};
