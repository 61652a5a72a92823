/**
 * Services a reporter may also mean: those whose SLO is burning now (breached, or a page
 * alert firing: "out of SLO"), and the callers of the ones already chosen — their users
 * feel it too. Suggestions only: the reporter's choice is never changed.
 */
export type TAffectedReason = "reported" | "suggested_burning" | "suggested_caller" | "alert";

export interface TAffectedSuggestion {
  serviceId: string;
  reason: Exclude<TAffectedReason, "reported" | "alert">;
}

export function suggestAffectedServices(input: {
  chosenIds: readonly string[];
  burningIds: readonly string[];
  edges: readonly { callerId: string | null; calleeId: string }[];
  limit?: number;
}): TAffectedSuggestion[] {
  const chosen = new Set(input.chosenIds);
  const suggested = new Map<string, TAffectedSuggestion["reason"]>();
  for (const id of input.burningIds) if (!chosen.has(id)) suggested.set(id, "suggested_burning");
  for (const edge of input.edges) {
    if (edge.callerId === null || chosen.has(edge.callerId) || suggested.has(edge.callerId)) continue;
    if (chosen.has(edge.calleeId)) suggested.set(edge.callerId, "suggested_caller");
  }
  return [...suggested].slice(0, input.limit ?? 12).map(([serviceId, reason]) => ({ serviceId, reason }));
}

export const AFFECTED_REASON_LABELS: Record<TAffectedReason, string> = {
  reported: "chosen by the reporter",
  suggested_burning: "its SLO is burning",
  suggested_caller: "calls an affected service",
  alert: "named by the alert",
};
