import type { TDeployEventSubject } from "@/domain/gate/deploy-change-events.ts";
import { deployChangeEvents } from "@/domain/gate/deploy-change-events.ts";
import type { TChangeEventWrite, TDeployRequestRow } from "./gate.repository.ts";
import { readDecisionFacts, toJson } from "./stored-decision.ts";

/** Who a stored request's history events go to: the ones recorded with its decision. */
export function subjectOf(row: TDeployRequestRow): TDeployEventSubject {
  return {
    requestId: row.id,
    service: { id: row.service.id, slug: row.service.slug },
    environment: row.environment,
    version: row.version,
    involved: readDecisionFacts(row.decisionFacts).involvedServices,
  };
}

/** deployChangeEvents for a stored request, ready for the repository. */
export function eventsFor(
  row: TDeployRequestRow,
  source: TChangeEventWrite["source"],
  event: Parameters<typeof deployChangeEvents>[1],
): TChangeEventWrite[] {
  return deployChangeEvents(subjectOf(row), event).map((entry) => ({ ...entry, details: toJson(entry.details), source }));
}
