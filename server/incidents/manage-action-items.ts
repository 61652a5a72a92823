import { parseDueDate } from "@/domain/incidents/action-items.ts";
import { AppError } from "@/server/http/problem.ts";
import { incidentNotFound } from "./get-incident.ts";
import { toActionItem } from "./incident-dto.ts";
import { ZActionItemInput, type TActionItem, type TActionItemInput } from "./incidents.schemas.ts";
import { findServicesBySlugs, findTeamBySlug } from "./incidents.repository.ts";
import { insertActionItem, setActionItemDone } from "./incidents-postmortem.repository.ts";

/** Adds an action item (owner, due date and service optional): tracked until done, shown on its service's page. */
export async function addActionItem(organizationId: string, incidentId: string, rawInput: TActionItemInput, now: Date): Promise<TActionItem> {
  const input = ZActionItemInput.parse(rawInput);
  let serviceId: string | null = null;
  let ownerTeamId: string | null = null;
  if (input.service) {
    const [service] = await findServicesBySlugs(organizationId, [input.service]);
    if (!service) throw new AppError(422, "Unknown service", `No service "${input.service}" in this organization.`, { service: input.service });
    serviceId = service.id;
    ownerTeamId = service.ownerTeamId;
  }
  if (input.ownerTeam) {
    const team = await findTeamBySlug(organizationId, input.ownerTeam);
    if (!team) throw new AppError(422, "Unknown team", `No team "${input.ownerTeam}" in this organization.`, { team: input.ownerTeam });
    ownerTeamId = team.id;
  }
  const dueOn = parseDueDate(input.dueOn);
  if (input.dueOn && dueOn === null) throw new AppError(400, "Invalid request", `dueOn: "${input.dueOn}" is not a date (YYYY-MM-DD).`);
  const row = await insertActionItem(organizationId, incidentId, { title: input.title, serviceId, ownerTeamId, ownerName: input.ownerName || null, dueOn });
  if (!row) throw incidentNotFound(incidentId);
  return toActionItem(row, now);
}

export async function setActionItemDoneState(organizationId: string, incidentId: string, itemId: string, done: boolean, now: Date): Promise<TActionItem> {
  const row = await setActionItemDone(organizationId, incidentId, itemId, done ? now : null);
  if (!row) throw new AppError(404, "Action item not found", `No action item ${JSON.stringify(itemId)} on incident ${JSON.stringify(incidentId)} in this organization.`);
  return toActionItem(row, now);
}
