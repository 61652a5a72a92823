import { initialStatus } from "@/domain/incidents/incident-statuses.ts";
import { NEAR_MISS_TRIGGER_LABELS, NEAR_MISS_TRIGGERS, type TNearMissTrigger } from "@/domain/incidents/near-miss-triggers.ts";
import type { TActor } from "@/server/identity/actor.ts";
import { canTriageNearMissDraft } from "@/server/identity/can-triage-near-miss-draft.ts";
import { isOrganizationAdmin } from "@/server/identity/is-organization-admin.ts";
import { AppError } from "@/server/http/problem.ts";
import { reporterFromActor } from "./incident-reporter.ts";
import { findDraftOwner, findDraftsForTeams, findPersonTeamIds } from "./incidents-drafts.repository.ts";
import type { TIncidentDetail } from "./incidents.schemas.ts";
import { updateIncident } from "./update-incident.ts";

export interface TNearMissDraft {
  id: string;
  title: string;
  description: string | null;
  startedAt: string;
  trigger: TNearMissTrigger | null;
  triggerLabel: string;
  deployRequestId: string | null;
  ownerTeam: { slug: string; name: string } | null;
  services: { slug: string; name: string }[];
}

const DRAFTS_SHOWN = 20;

/**
 * "Drafts for you": the near-miss drafts Plumbline proposed for the teams the signed-in person
 * belongs to (an admin sees every team's), newest first. Tokens have no inbox.
 */
export async function listNearMissDraftsFor(organizationId: string, actor: TActor): Promise<TNearMissDraft[]> {
  if (actor.kind !== "user") return [];
  const teamIds = isOrganizationAdmin(actor) ? "all" : [...(await findPersonTeamIds(organizationId, actor.personId))];
  const rows = await findDraftsForTeams(organizationId, teamIds, DRAFTS_SHOWN);
  return rows.map((row) => {
    const trigger = readTrigger(row.draftTrigger);
    return {
      id: row.id,
      title: row.title,
      description: row.description,
      startedAt: row.startedAt.toISOString(),
      trigger: trigger.trigger,
      triggerLabel: trigger.trigger ? NEAR_MISS_TRIGGER_LABELS[trigger.trigger] : "Drafted by Plumbline",
      deployRequestId: trigger.deployRequestId,
      ownerTeam: row.ownerTeam ? { slug: row.ownerTeam.slug, name: row.ownerTeam.name } : null,
      services: row.services.map((link) => link.service),
    };
  });
}

/**
 * One click: "File it" makes the draft a report (a near miss starts resolved: nothing to
 * mitigate) and puts it in its services' history; "Dismiss" says it was nothing, and the
 * sweep never proposes it again (its dedupe key stays taken). Owner team members and admins only.
 */
export async function triageNearMissDraft(organizationId: string, id: string, decision: "file" | "dismiss", actor: TActor, now: Date): Promise<TIncidentDetail> {
  const draft = await findDraftOwner(organizationId, id);
  if (!draft) throw new AppError(404, "No such draft", "This organization has no open draft with that id; it may have been filed or dismissed already.", { id });
  const teams = actor.kind === "user" ? await findPersonTeamIds(organizationId, actor.personId) : new Set<string>();
  if (!canTriageNearMissDraft(actor, draft, teams)) {
    throw new AppError(403, "Not your team's draft", "Only members of the draft's owner team (or an admin) can file or dismiss it.");
  }
  return updateIncident(organizationId, id, { status: decision === "file" ? initialStatus(draft.kind) : "dismissed" }, reporterFromActor(actor, "web"), now);
}

function readTrigger(value: unknown): { trigger: TNearMissTrigger | null; deployRequestId: string | null } {
  if (typeof value !== "object" || value === null) return { trigger: null, deployRequestId: null };
  const record = value as Record<string, unknown>;
  const trigger = (NEAR_MISS_TRIGGERS as readonly unknown[]).includes(record.trigger) ? (record.trigger as TNearMissTrigger) : null;
  return { trigger, deployRequestId: typeof record.deployRequestId === "string" ? record.deployRequestId : null };
}
