import { upsertOrganization, type TOrganization } from "./identity-organizations.repository.ts";

export const DEFAULT_ORG_SLUG = process.env.PLUMBLINE_DEFAULT_ORG?.trim() || "default";
const DEFAULT_ORG_NAME = process.env.PLUMBLINE_DEFAULT_ORG_NAME?.trim() || "My organization";

/**
 * The deployment's default organization (created on first use): the embedded default's
 * and the demo's tenant, whose clusters and Prometheus come from the environment and
 * whose local admin `npm start` creates. Requests never fall back to it: a browser acts
 * for its signed-in user's organization, CI for its token's.
 */
export function ensureDefaultOrganization(): Promise<TOrganization> {
  return upsertOrganization(DEFAULT_ORG_SLUG, DEFAULT_ORG_NAME);
}
