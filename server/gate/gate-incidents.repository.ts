import { getPrisma } from "@/server/db/client.ts";

export interface TGateIncidentRow {
  id: string;
  kind: "SEV1" | "SEV2" | "SEV3" | "near_miss";
  status: "open" | "mitigated";
  title: string;
  startedAt: Date;
  ownerTeamSlug: string | null;
  /** The affected services among the ids asked about. */
  serviceIds: string[];
}

/**
 * Incidents still going on (open, mitigated) that affect any of `serviceIds`: the gate's
 * neighbourhood, never the organization's whole incident list. Drafts and dismissed drafts
 * are not incidents yet. Indexed by IncidentService (organizationId, serviceId).
 */
export async function findOpenIncidentsOn(organizationId: string, serviceIds: readonly string[]): Promise<TGateIncidentRow[]> {
  if (serviceIds.length === 0) return [];
  const ids = [...serviceIds];
  const rows = await getPrisma().incident.findMany({
    where: { organizationId, status: { in: ["open", "mitigated"] }, services: { some: { organizationId, serviceId: { in: ids } } } },
    select: {
      id: true,
      kind: true,
      status: true,
      title: true,
      startedAt: true,
      ownerTeam: { select: { slug: true } },
      services: { where: { organizationId, serviceId: { in: ids } }, select: { serviceId: true } },
    },
    orderBy: [{ startedAt: "asc" }, { id: "asc" }],
    // A neighbourhood with more live incidents than this has bigger problems than the gate's message length.
    take: 50,
  });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    status: row.status === "mitigated" ? "mitigated" : "open",
    title: row.title,
    startedAt: row.startedAt,
    ownerTeamSlug: row.ownerTeam?.slug ?? null,
    serviceIds: row.services.map((service) => service.serviceId),
  }));
}
