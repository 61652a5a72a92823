"use server";

import { z } from "zod";
import { triageNearMissDraft } from "@/server/incidents/near-miss-draft-inbox.ts";
import { withAction } from "@/server/http/with-action.ts";

const ZDraftForm = z.object({ incidentId: z.string().min(1).max(200) });

/**
 * "File it" on a near-miss draft: one click makes it a report. A server action is a public
 * POST endpoint, so it authorizes itself: triageNearMissDraft finds the draft in the caller's
 * organization only and lets its owner team's members (or an admin) decide. No revalidation:
 * the draft's row keeps saying "Filed" (with a link to add the learning) until the next visit,
 * rather than vanishing from under the click.
 */
export const fileNearMissDraftAction = withAction({ input: ZDraftForm }, async ({ organization, actor, input }) => {
  const incident = await triageNearMissDraft(organization.id, input.incidentId, "file", actor, new Date());
  return { incidentId: incident.id, status: incident.status };
});

/** "Dismiss": it was nothing; Plumbline will not propose it again. */
export const dismissNearMissDraftAction = withAction({ input: ZDraftForm }, async ({ organization, actor, input }) => {
  const incident = await triageNearMissDraft(organization.id, input.incidentId, "dismiss", actor, new Date());
  return { incidentId: incident.id, status: incident.status };
});
