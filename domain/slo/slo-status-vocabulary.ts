import type { TSloStatusValue } from "@/domain/graph/slo-status-order.ts";

/**
 * The one status vocabulary of Plumbline (DESIGN, "Second wave"): every page, the API,
 * Slack and e-mail say an SLO's state with these words and colours, and nothing else.
 *
 * - healthy: measured and within its objective, no burn-rate alert firing.
 * - at risk: a burn-rate alert fires (page or ticket); budget is left.
 * - breached: the error budget is exhausted. This, and only this, is "out of SLO".
 * - no data: telemetry missing, stale or too thin to judge. Never shown as healthy.
 *
 * A page alert on an SLO that still has budget is "at risk (paging)", never "out of SLO".
 */
export type TSloStatusWord = TSloStatusValue;

/** CSS colour token (app/globals.css `--status-<token>` and `.badge-<status>`): one per status. */
export type TStatusTone = "ok" | "warn" | "bad" | "unknown";

export interface TSloStatusPresentation {
  status: TSloStatusWord;
  /** For badges and headings: "At risk". */
  label: string;
  /** Inside a sentence: "at risk". */
  word: string;
  tone: TStatusTone;
  /** Slack and e-mail, where colours do not travel. */
  emoji: string;
  /** What it means, for tooltips and legends. */
  meaning: string;
}

const PRESENTATIONS: Record<TSloStatusWord, Omit<TSloStatusPresentation, "status">> = {
  healthy: { label: "Healthy", word: "healthy", tone: "ok", emoji: "🟢", meaning: "Within its objective; no burn-rate alert firing" },
  at_risk: { label: "At risk", word: "at risk", tone: "warn", emoji: "🟠", meaning: "A burn-rate alert fires: the budget is being spent too fast, but some is left" },
  breached: { label: "Breached", word: "breached", tone: "bad", emoji: "🔴", meaning: "Out of SLO: the error budget of the window is exhausted" },
  no_data: { label: "No data", word: "no data", tone: "unknown", emoji: "⚪", meaning: "Telemetry missing, stale or too thin to judge; never counted as healthy" },
};

export const SLO_STATUS_WORDS: readonly TSloStatusWord[] = ["healthy", "at_risk", "breached", "no_data"];

/** The words and colour of a status. */
export function presentSloStatus(status: TSloStatusWord): TSloStatusPresentation {
  return { status, ...PRESENTATIONS[status] };
}

/** "Out of SLO" is exactly `breached`. */
export function isOutOfSlo(status: TSloStatusWord): boolean {
  return status === "breached";
}

/** The phrase the lists and the UI use for the set of breached SLOs / services. */
export const OUT_OF_SLO_LABEL = "Out of SLO";

/**
 * The single mapping from an SLO evaluation (stored or fresh) to what people see: its
 * status, label, colour and whether it is out of SLO. The status is the evaluator's
 * (domain/slo/evaluate-slo.ts), never recomputed from numbers here: a thin window with an
 * overspent budget is still "no data", as the math decided.
 */
export function presentSloEvaluation(evaluation: { status: TSloStatusWord }): TSloStatusPresentation & { isOutOfSlo: boolean } {
  return { ...presentSloStatus(evaluation.status), isOutOfSlo: isOutOfSlo(evaluation.status) };
}
