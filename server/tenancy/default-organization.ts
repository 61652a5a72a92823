import { upsertOrganization, type TOrganization } from "./organization.repository.ts";

export const DEFAULT_ORG_SLUG = process.env.PLUMBLINE_DEFAULT_ORG?.trim() || "default";
const DEFAULT_ORG_NAME = process.env.PLUMBLINE_DEFAULT_ORG_NAME?.trim() || "My organization";

/**
 * Until sign-in exists, a browser session acts for the deployment's default
 * organization (created on first use). API calls with a bearer token act for the
 * token's organization instead.
 */
export function ensureDefaultOrganization(): Promise<TOrganization> {
  return upsertOrganization(DEFAULT_ORG_SLUG, DEFAULT_ORG_NAME);
}
