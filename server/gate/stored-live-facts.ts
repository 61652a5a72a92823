import { z } from "zod";
import type { TCauseComparison } from "@/domain/gate/compare-cause-facts.ts";
import type { GateFacts, GateOutcome } from "@/domain/policy/policy-types.ts";

/**
 * DeployRequest.liveFacts: the gate's latest re-evaluation of a pending request (and, once
 * the gate approved it, the facts it approved on). The request-time record (decisionFacts)
 * is never rewritten; this sits beside it.
 */
export interface TStoredLiveFacts {
  version: 1;
  evaluatedAt: string;
  /** What made the gate look again: "slo-evaluation", "policy-change", ... */
  trigger: string;
  /** What the gate would decide now, on these facts and the current policy. */
  outcome: GateOutcome;
  summary: string;
  facts: GateFacts;
  /** Per cause of each pending approval at that moment: cleared or not, and how its facts compare with the request's. */
  causes: (Pick<TCauseComparison, "rule" | "serviceSlug" | "cleared" | "verdict" | "changed" | "note" | "now"> & { approvalId: string; teamSlug: string })[];
  /** domain/gate/compare-cause-facts.ts materialKey: a change in it updates the Slack messages. */
  materialKey: string;
  policySha256: string;
}

const ZSnapshot = z
  .looseObject({
    status: z.string().nullable(),
    isOutOfSlo: z.boolean(),
    stale: z.boolean(),
    budgetRemaining: z.number().nullable(),
    burnRate1h: z.number().nullable(),
    trafficShare: z.number().nullable(),
    requestRate: z.number().nullable(),
  })
  .nullable();

const ZLiveFacts = z.looseObject({
  evaluatedAt: z.string(),
  trigger: z.string().catch("unknown"),
  outcome: z.enum(["approved", "pending", "rejected"]).catch("pending"),
  summary: z.string().catch(""),
  causes: z
    .array(
      z.looseObject({
        approvalId: z.string(),
        teamSlug: z.string(),
        rule: z.string(),
        serviceSlug: z.string(),
        cleared: z.boolean(),
        verdict: z.enum(["recovered", "worse", "changed", "unchanged"]).catch("unchanged"),
        changed: z.array(z.enum(["status", "budget", "burn", "traffic"])).catch([]),
        note: z.string().catch(""),
        now: ZSnapshot.catch(null),
      }),
    )
    .catch([]),
  materialKey: z.string().catch(""),
});

export type TReadLiveFacts = z.output<typeof ZLiveFacts>;

/** null when the request was never re-evaluated (or the JSON is not ours). */
export function readLiveFacts(json: unknown): TReadLiveFacts | null {
  if (json === null || json === undefined) return null;
  const parsed = ZLiveFacts.safeParse(json);
  return parsed.success ? parsed.data : null;
}
