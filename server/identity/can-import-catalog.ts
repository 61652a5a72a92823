import type { TActor } from "./actor.ts";
import { isOrganizationAdmin } from "./is-organization-admin.ts";

/**
 * May `actor` import catalog documents (which can replace teams, owners and services)?
 * Admins, and API tokens: importing the catalog from the repository is a CI job.
 */
export function canImportCatalog(actor: TActor): boolean {
  return actor.kind === "token" || isOrganizationAdmin(actor);
}
