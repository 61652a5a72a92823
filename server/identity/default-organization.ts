import { getConfig } from "@/server/config/get-config.ts";
import { upsertOrganization, type TOrganization } from "./identity-organizations.repository.ts";

/**
 * The deployment's default organization (created on first use): the embedded default's
 * and the demo's tenant, whose clusters and Prometheus come from the environment and
 * whose local admin `npm start` creates. Requests never fall back to it: a browser acts
 * for its signed-in user's organization, CI for its token's.
 */
export function ensureDefaultOrganization(): Promise<TOrganization> {
  const { defaultOrgSlug, defaultOrgName } = getConfig().identity;
  return upsertOrganization(defaultOrgSlug, defaultOrgName);
}
