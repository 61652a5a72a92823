import type { GateFacts } from "@/domain/policy/policy-types.ts";

/** One cause's facts (an approval was asked because of them): SLO state and, for a dependent, its traffic to the service. */
export interface TCauseFactSnapshot {
  status: string | null;
  isOutOfSlo: boolean;
  stale: boolean;
  budgetRemaining: number | null;
  burnRate1h: number | null;
  /** null = not measured (or not a caller: the deployed service's own SLO). */
  trafficShare: number | null;
  requestRate: number | null;
}

export type TCauseFactField = "status" | "budget" | "burn" | "traffic";

export interface TCauseComparison {
  rule: string;
  serviceSlug: string;
  /** What the gate saw when CI asked (null: the cause has no SLO facts, e.g. a freeze window). */
  requested: TCauseFactSnapshot | null;
  /** The same facts now (null: no SLO facts now, or the service no longer calls the deployed one). */
  now: TCauseFactSnapshot | null;
  /** The facts that differ enough to mention. */
  changed: TCauseFactField[];
  /** The cause no longer objects on the current facts and policy. */
  cleared: boolean;
  /** recovered: was out of SLO (or unknown) and is not now; worse / changed / unchanged otherwise. */
  verdict: "recovered" | "worse" | "changed" | "unchanged";
  /** A phrase for people: "recovered since the request". */
  note: string;
}

// Below these, a difference is noise from one evaluation to the next, not news.
const BUDGET_STEP = 0.01;
const SHARE_STEP = 0.01;
const BURN_RELATIVE = 0.1;

/** The flat SLO record kept with a cause (domain/policy/slo-facts-record.ts, plus traffic for dependents). null without SLO facts. */
export function snapshotFromCauseFacts(facts: Record<string, unknown>): TCauseFactSnapshot | null {
  if (!("status" in facts) && !("budgetRemaining" in facts)) return null;
  return {
    status: typeof facts.status === "string" ? facts.status : null,
    isOutOfSlo: facts.isOutOfSlo === true,
    stale: facts.stale === true,
    budgetRemaining: numberOrNull(facts.budgetRemaining),
    burnRate1h: numberOrNull(facts.burnRate1h),
    trafficShare: numberOrNull(facts.trafficShare),
    requestRate: numberOrNull(facts.requestRate),
  };
}

/** The same facts read from a fresh gathering: the deployed service's own SLO, or a dependent's SLO and traffic. */
export function snapshotFromGateFacts(facts: GateFacts, serviceSlug: string): TCauseFactSnapshot | null {
  if (serviceSlug === facts.service.slug) {
    const slo = facts.ownSlo;
    return slo === null ? null : { ...sloPart(slo), trafficShare: null, requestRate: null };
  }
  const dependent = facts.dependents.find((candidate) => candidate.slug === serviceSlug);
  if (!dependent || dependent.slo === null) return null;
  return { ...sloPart(dependent.slo), trafficShare: dependent.trafficShare, requestRate: dependent.requestRate };
}

/** A cause at request time against now: what changed, and whether it recovered. */
export function compareCause(cause: { rule: string; serviceSlug: string; facts: Record<string, unknown> }, live: { facts: GateFacts; cleared: boolean }): TCauseComparison {
  const requested = snapshotFromCauseFacts(cause.facts);
  const now = requested === null ? null : snapshotFromGateFacts(live.facts, cause.serviceSlug);
  const changed: TCauseFactField[] = [];
  if (requested !== null && now !== null) {
    if (requested.status !== now.status || requested.isOutOfSlo !== now.isOutOfSlo || requested.stale !== now.stale) changed.push("status");
    if (differs(requested.budgetRemaining, now.budgetRemaining, (a, b) => Math.abs(a - b) >= BUDGET_STEP)) changed.push("budget");
    if (differs(requested.burnRate1h, now.burnRate1h, (a, b) => Math.abs(a - b) > BURN_RELATIVE * Math.max(Math.abs(a), Math.abs(b), 1))) changed.push("burn");
    if (differs(requested.trafficShare, now.trafficShare, (a, b) => Math.abs(a - b) >= SHARE_STEP)) changed.push("traffic");
  }
  const wasBad = requested !== null && isBad(requested);
  const isBadNow = now !== null && isBad(now);
  const verdict: TCauseComparison["verdict"] =
    (wasBad && now !== null && !isBadNow) || (live.cleared && requested !== null && changed.length > 0)
      ? "recovered"
      : !wasBad && isBadNow
        ? "worse"
        : changed.length > 0
          ? "changed"
          : "unchanged";
  return { rule: cause.rule, serviceSlug: cause.serviceSlug, requested, now, changed, cleared: live.cleared, verdict, note: noteFor(verdict, live.cleared, requested !== null && now === null) };
}

/**
 * Whether facts moved enough to update a message people already read (Slack chat.update):
 * a cause cleared or came back, or its SLO state (status, out of SLO, stale) changed.
 * Budgets and burn rates drift every minute; those alone are not worth an edit.
 */
export function materialKey(comparisons: readonly Pick<TCauseComparison, "serviceSlug" | "rule" | "now" | "cleared">[]): string {
  return comparisons.map((entry) => [entry.rule, entry.serviceSlug, entry.cleared, entry.now?.status ?? "-", entry.now?.isOutOfSlo ?? "-", entry.now?.stale ?? "-"].join(":")).join("|");
}

function noteFor(verdict: TCauseComparison["verdict"], cleared: boolean, gone: boolean): string {
  if (gone) return cleared ? "no longer calls the service: cause cleared" : "no SLO facts now";
  switch (verdict) {
    case "recovered":
      return "recovered since the request";
    case "worse":
      return "worse since the request";
    case "changed":
      return cleared ? "changed since the request; cause cleared" : "changed since the request";
    default:
      return cleared ? "cause cleared" : "as at the request";
  }
}

function isBad(snapshot: TCauseFactSnapshot): boolean {
  return snapshot.isOutOfSlo || snapshot.status === "breached" || snapshot.stale || snapshot.status === "no_data";
}

function sloPart(slo: NonNullable<GateFacts["ownSlo"]>): Omit<TCauseFactSnapshot, "trafficShare" | "requestRate"> {
  return { status: slo.status, isOutOfSlo: slo.isOutOfSlo, stale: slo.stale, budgetRemaining: slo.budgetRemaining, burnRate1h: slo.burnRate1h };
}

function differs(a: number | null, b: number | null, far: (a: number, b: number) => boolean): boolean {
  if (a === null || b === null) return a !== b;
  return far(a, b);
}

function numberOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
