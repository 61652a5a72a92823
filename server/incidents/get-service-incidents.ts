import { isActionItemOverdue } from "@/domain/incidents/action-items.ts";
import type { TIncidentKind } from "@/domain/incidents/incident-kinds.ts";
import { toActionItem, toIncidentSummary } from "./incident-dto.ts";
import type { TActionItem, TIncidentSummary } from "./incidents.schemas.ts";
import { findIncidentRows, findServicesBySlugs } from "./incidents.repository.ts";
import { findOpenActionItemsForService } from "./incidents-postmortem.repository.ts";

export interface TServiceIncidents {
  /** Open and mitigated incidents affecting the service. */
  active: TIncidentSummary[];
  recent: TIncidentSummary[];
  /** Open action items for the service, until done. */
  actionItems: (TActionItem & { incidentKind: TIncidentKind; incidentTitle: string })[];
  overdue: number;
}

/** What a service's page shows of incidents: what is going on, the latest reports, and open action items. */
export async function getServiceIncidents(organizationId: string, slug: string, now: Date): Promise<TServiceIncidents | null> {
  const [service] = await findServicesBySlugs(organizationId, [slug]);
  if (!service) return null;
  const [rows, items] = await Promise.all([findIncidentRows(organizationId, { serviceId: service.id, filedOnly: true, limit: 10 }), findOpenActionItemsForService(organizationId, service.id)]);
  const summaries = rows.map(toIncidentSummary);
  return {
    active: summaries.filter((incident) => incident.status === "open" || incident.status === "mitigated"),
    recent: summaries,
    actionItems: items.map((item) => ({ ...toActionItem(item, now), incidentKind: item.incident.kind, incidentTitle: item.incident.title })),
    overdue: items.filter((item) => isActionItemOverdue(item, now)).length,
  };
}
