import { getPrisma } from "@/server/db/client.ts";

export interface TOidcIntegrationRow {
  id: string;
  organizationSlug: string;
  name: string;
  config: unknown;
  secretCiphertext: string | null;
  updatedAt: Date;
}

/**
 * Every organization's OIDC sign-in settings. Deliberately deployment-wide: the sign-in
 * library registers one provider per integration at start (ids are integration ids),
 * and nothing here reaches a page.
 */
export async function findOidcIntegrationsOfAllOrganizations(): Promise<TOidcIntegrationRow[]> {
  const rows = await getPrisma().integration.findMany({
    where: { kind: "oidc" },
    select: { id: true, name: true, config: true, secretCiphertext: true, updatedAt: true, organization: { select: { slug: true } } },
    orderBy: [{ organizationId: "asc" }, { name: "asc" }],
  });
  return rows.map(({ organization, ...row }) => ({ ...row, organizationSlug: organization.slug }));
}

/** A fingerprint that changes whenever any organization's OIDC settings change (so sign-in reloads them). */
export async function oidcSettingsVersion(): Promise<string> {
  const stats = await getPrisma().integration.aggregate({ where: { kind: "oidc" }, _count: { _all: true }, _max: { updatedAt: true } });
  return `${stats._count._all}:${stats._max.updatedAt?.getTime() ?? 0}`;
}

/** Does the user have an account from one of these sign-in providers? */
export async function userHasAccountFrom(userId: string, providerIds: string[]): Promise<boolean> {
  if (providerIds.length === 0) return false;
  return (await getPrisma().account.count({ where: { userId, providerId: { in: providerIds } } })) > 0;
}

/** An organization's OIDC integration ids, by name (the first one is what its sign-in starts). */
export async function findOidcIntegrationIds(organizationId: string): Promise<string[]> {
  const rows = await getPrisma().integration.findMany({ where: { organizationId, kind: "oidc" }, select: { id: true }, orderBy: { name: "asc" } });
  return rows.map((row) => row.id);
}

/** The organization whose OIDC integration this is, or null (deleted, or not an OIDC integration). */
export async function findOrganizationIdOfOidcIntegration(integrationId: string): Promise<string | null> {
  const row = await getPrisma().integration.findFirst({ where: { id: integrationId, kind: "oidc" }, select: { organizationId: true } });
  return row?.organizationId ?? null;
}
