import type { SloAlerting } from "./read-alert-policies.ts";
import type { SloBudgeting } from "./slo-budgeting.ts";
import type { SloKind } from "./slo-types.ts";

/** How a definition reached Plumbline; shown next to the SLO so people know where to change it. */
export type SloProvenanceKind = "annotation" | "openslo" | "tier_default" | "form";

export interface SloProvenance {
  kind: SloProvenanceKind;
  /** The catalog file (annotation, OpenSLO) the definition was read from. */
  file?: string;
  /** 0-based index of the YAML document in that file. */
  documentIndex?: number;
  /** OpenSLO: position in a document that is a YAML list of objects. */
  itemIndex?: number;
  /** The annotation key, or the OpenSLO document's `metadata.name`. */
  field?: string;
  /** Tier defaults: the tier whose default applied. */
  tier?: number;
}

/** An SLO definition read from the catalog (annotations, OpenSLO, tier defaults), before it is stored. */
export interface DeclaredSlo {
  serviceSlug: string;
  /** Unique per service, e.g. "availability", "latency" or an OpenSLO `metadata.name`. */
  name: string;
  kind: SloKind;
  /** Percent, strictly between 0 and 100. */
  objective: number;
  windowDays: number;
  /** Latency SLOs only. */
  latencyThresholdMs: number | null;
  minRequests: number;
  /** OpenSLO Timeslices/RatioTimeslices and calendar windows; absent = Occurrences over a rolling windowDays. */
  budgeting?: SloBudgeting;
  /** OpenSLO AlertPolicies: burn-rate rules replacing the workbook defaults, and notification targets. */
  alerting?: SloAlerting;
  provenance: SloProvenance;
}
