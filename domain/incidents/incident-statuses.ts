import type { TIncidentKind } from "./incident-kinds.ts";

/**
 * Where an incident is in its life. `draft`: Plumbline proposed it (a break-glass deploy,
 * say) and its owner has not filed or dismissed it yet. `open` → `mitigated` → `resolved`.
 * `dismissed`: a draft its owner said was nothing.
 */
export const INCIDENT_STATUSES = ["draft", "open", "mitigated", "resolved", "dismissed"] as const;
export type TIncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const INCIDENT_STATUS_LABELS: Record<TIncidentStatus, string> = {
  draft: "Draft",
  open: "Open",
  mitigated: "Mitigated",
  resolved: "Resolved",
  dismissed: "Dismissed",
};

/** Still going on: what the graph marks, and what the gate's `open_incident` rule counts. */
export function isActiveStatus(status: TIncidentStatus): boolean {
  return status === "open" || status === "mitigated";
}

/** Counted as a report filed (drafts and dismissed drafts are not). */
export function isFiledStatus(status: TIncidentStatus): boolean {
  return status !== "draft" && status !== "dismissed";
}

/**
 * A near miss is filed after the fact (nothing is broken, nothing to mitigate): it starts
 * resolved. Everything else starts open.
 */
export function initialStatus(kind: TIncidentKind): TIncidentStatus {
  return kind === "near_miss" ? "resolved" : "open";
}

/** Which moments a status change stamps, so "mitigated at" and "resolved at" stay true. */
export function statusTimestamps(
  current: { status: TIncidentStatus; mitigatedAt: Date | null; resolvedAt: Date | null },
  next: TIncidentStatus,
  at: Date,
): { mitigatedAt: Date | null; resolvedAt: Date | null } {
  if (next === "open" || next === "draft") return { mitigatedAt: null, resolvedAt: null };
  if (next === "mitigated") return { mitigatedAt: current.mitigatedAt ?? at, resolvedAt: null };
  if (next === "resolved") return { mitigatedAt: current.mitigatedAt ?? at, resolvedAt: current.resolvedAt ?? at };
  return { mitigatedAt: current.mitigatedAt, resolvedAt: current.resolvedAt };
}
