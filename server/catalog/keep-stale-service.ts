import { z } from "zod";
import { describeActor, type TActor } from "@/server/identity/actor.ts";
import { isServiceOwner } from "@/server/identity/can-edit-slos.ts";
import { isOrganizationAdmin } from "@/server/identity/is-organization-admin.ts";
import { AppError, notFound } from "@/server/http/problem.ts";
import { findServiceOwnerTeamSlug, writeServiceKept } from "./catalog-staleness.repository.ts";

export const ZKeepServiceInput = z.object({
  reason: z.string().trim().min(3, { error: "reason: say why the service stays (at least 3 characters)" }).max(500, { error: "reason: at most 500 characters" }),
});

/**
 * An owner of the service (or an organization admin: stale services are often unowned)
 * keeps a stale service with a reason; recorded on the service and in its history.
 */
export async function keepStaleService(organizationId: string, slug: string, reason: string, actor: TActor, now: Date): Promise<{ slug: string; keptAt: string; keptReason: string }> {
  const ownerTeamSlug = await findServiceOwnerTeamSlug(organizationId, slug);
  if (ownerTeamSlug === undefined) throw notFound("Service", `No service \`${slug}\` in this organization.`);
  const allowed = isOrganizationAdmin(actor) || (await isServiceOwner({ id: organizationId }, { ownerTeamSlug }, actor));
  if (!allowed) throw new AppError(403, "Not allowed", "Only the service's owners (or organization admins) can keep a stale service.");
  await writeServiceKept(organizationId, slug, { at: now, reason, by: describeActor(actor), source: actor.kind === "token" ? "api" : "ui" });
  return { slug, keptAt: now.toISOString(), keptReason: reason };
}
