import type { TActor } from "@/server/identity/actor.ts";
import { isServiceOwner } from "@/server/identity/can-edit-slos.ts";
import { isOrganizationAdmin } from "@/server/identity/is-organization-admin.ts";
import { AppError, notFound } from "@/server/http/problem.ts";
import { findServiceOwnerTeamSlug } from "./catalog-staleness.repository.ts";

/**
 * Only the service's owners, or an organization admin (stale services are often unowned),
 * may keep or archive it. Throws 404 for a service the organization does not have, 403 otherwise.
 */
export async function authorizeServiceOwner(organizationId: string, slug: string, actor: TActor, doing: string): Promise<void> {
  const ownerTeamSlug = await findServiceOwnerTeamSlug(organizationId, slug);
  if (ownerTeamSlug === undefined) throw notFound("Service", `No service \`${slug}\` in this organization.`);
  const allowed = isOrganizationAdmin(actor) || (await isServiceOwner({ id: organizationId }, { ownerTeamSlug }, actor));
  if (!allowed) throw new AppError(403, "Not allowed", `Only the service's owners (or organization admins) can ${doing}.`);
}
