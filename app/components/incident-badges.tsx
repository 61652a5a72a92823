import { INCIDENT_KIND_LABELS, type TIncidentKind } from "@/domain/incidents/incident-kinds.ts";
import { INCIDENT_STATUS_LABELS, type TIncidentStatus } from "@/domain/incidents/incident-statuses.ts";
import "./incidents.css";

export function IncidentKindBadge({ kind }: { kind: TIncidentKind }) {
  return <span className={`incident-kind incident-kind-${kind}`}>{INCIDENT_KIND_LABELS[kind]}</span>;
}

export function IncidentStatusLabel({ status }: { status: TIncidentStatus }) {
  return <span className={`incident-status incident-status-${status}`}>{INCIDENT_STATUS_LABELS[status]}</span>;
}
