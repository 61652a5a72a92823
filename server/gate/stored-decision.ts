import { z } from "zod";
import type { ApprovalCause, GateFacts, GateReason, RuleCheck } from "@/domain/policy/policy-types.ts";

/**
 * The JSON a decision keeps (DeployRequest.reasons / decisionFacts, Approval.reason), so
 * "why was this blocked?" is answerable later: the rule, what it saw, when, and under
 * which policy. Written whole; read back leniently (an older row missing a field still
 * renders) through the schemas below.
 */
export interface TStoredDecisionFacts {
  version: 1;
  evaluatedAt: string;
  summary: string;
  breakGlass: boolean;
  notifyTeams: string[];
  checks: RuleCheck[];
  approvalsRequired: { teamSlug: string; because: ApprovalCause[] }[];
  facts: GateFacts;
  policy: { source: string; updatedAt: string | null; sha256: string };
  /** The deploying service and every dependent whose owners were asked: whose history holds the request. */
  involvedServices: { id: string; slug: string; name: string }[];
  requestedVia: { kind: "token"; tokenName: string } | { kind: "user"; email: string } | { kind: "session" } | { kind: "demo" };
  /** Seeded by the demo (requestedBy "demo-ci"), facts staged for the story. */
  demo?: boolean;
}

export interface TStoredApprovalReason {
  because: ApprovalCause[];
}

export type TStoredReasons = GateReason[];

const ZReason = z.looseObject({
  rule: z.string(),
  type: z.string(),
  effect: z.enum(["allow", "require_approval", "deny", "notify"]),
  message: z.string(),
});

const ZCause = z.looseObject({ rule: z.string(), serviceSlug: z.string(), message: z.string() });

const ZSlo = z
  .looseObject({
    status: z.string(),
    isOutOfSlo: z.boolean(),
    budgetRemaining: z.number().nullable(),
    burnRate1h: z.number().nullable(),
    sloName: z.string().nullable(),
    stale: z.boolean(),
  })
  .nullable();

const ZDecisionFacts = z.looseObject({
  summary: z.string().catch(""),
  breakGlass: z.boolean().catch(false),
  checks: z.array(z.looseObject({ rule: z.string(), type: z.string(), result: z.enum(["skipped", "passed", "objected"]), message: z.string() })).catch([]),
  facts: z
    .looseObject({
      dependents: z
        .array(
          z.looseObject({
            slug: z.string(),
            ownerTeamSlug: z.string().nullable(),
            depth: z.number(),
            trafficShare: z.number().nullable(),
            requestRate: z.number().nullable(),
            via: z.array(z.string()).optional(),
            slo: ZSlo,
          }),
        )
        .catch([]),
    })
    .catch({ dependents: [] }),
  policy: z.looseObject({ source: z.string(), updatedAt: z.string().nullable() }).nullable().catch(null),
  involvedServices: z.array(z.looseObject({ id: z.string(), slug: z.string(), name: z.string() })).catch([]),
  demo: z.boolean().optional().catch(undefined),
});

export type TReadDecisionFacts = z.output<typeof ZDecisionFacts>;

// Built once: a zod schema built per call cost ~70 µs (zod 4 compiles an object's parser on
// its first parse), and the readers below run per approval and per reason of every request
// a page, the gate or the SLO cycle's re-evaluation reads.
const ZReasons = z.array(ZReason);
const ZApprovalReason = z.looseObject({ because: z.array(ZCause) });

export function readReasons(json: unknown): z.output<typeof ZReason>[] {
  const parsed = ZReasons.safeParse(json);
  return parsed.success ? parsed.data : [];
}

export function readDecisionFacts(json: unknown): TReadDecisionFacts {
  const parsed = ZDecisionFacts.safeParse(json ?? {});
  return parsed.success
    ? parsed.data
    : { summary: "", breakGlass: false, checks: [], facts: { dependents: [] }, policy: null, involvedServices: [] };
}

const ZDecisionHeadline = z.looseObject({ summary: z.string().catch(""), breakGlass: z.boolean().catch(false) });

/**
 * The two fields an API answer shows of the stored facts, read exactly as readDecisionFacts
 * reads them, without validating every dependent's facts (the gate's hot path answers each
 * decision with this; docs/adr/012-gate-throughput.md).
 */
export function readDecisionHeadline(json: unknown): { summary: string; breakGlass: boolean } {
  const parsed = ZDecisionHeadline.safeParse(json ?? {});
  return parsed.success ? { summary: parsed.data.summary, breakGlass: parsed.data.breakGlass } : { summary: "", breakGlass: false };
}

export function readApprovalCauses(json: unknown): z.output<typeof ZCause>[] {
  const parsed = ZApprovalReason.safeParse(json);
  return parsed.success ? parsed.data.because : [];
}

export type TJsonValue = string | number | boolean | null | TJsonValue[] | { [key: string]: TJsonValue };
/** What a JSON column holds here: always an object or an array. */
export type TJsonDocument = TJsonValue[] | { [key: string]: TJsonValue };

/** JSON columns take plain JSON: dates become strings, undefined members disappear. */
export function toJson(value: object): TJsonDocument {
  return JSON.parse(JSON.stringify(value)) as TJsonDocument;
}

/**
 * A decision's stored JSON (facts, reasons, approval reasons, change-event details, outbox
 * payloads) as the write takes them, without toJson's copy: the hot path serializes them
 * exactly once, in the write's own JSON.stringify, which turns dates into strings and drops
 * undefined members just as toJson's round trip did, so the columns hold the same JSON
 * (docs/adr/013-gate-read-plan-and-group-commit.md, third and fourth rounds). In memory the
 * values are read only through stored-decision's lenient readers (the answer's headline,
 * reasons and approval causes) and by the outbox planners, which read string members; the
 * Slack write, which hands them to Prisma, copies them with toJson.
 */
export function asJsonColumn(value: TStoredDecisionFacts | readonly GateReason[] | TStoredApprovalReason | Readonly<Record<string, unknown>>): TJsonDocument {
  // Unchecked by design: these are built of JSON values, strings and dates (see above).
  return value as unknown as TJsonDocument;
}
