import { getPrisma } from "@/server/db/client.ts";
import type { Prisma } from "@/server/db/generated/client.ts";

type TKind = "kubernetes" | "prometheus" | "oidc";

export interface TIntegrationRow {
  id: string;
  kind: TKind;
  name: string;
  config: unknown;
  hasSecret: boolean;
  updatedAt: Date;
}

/** The organization's integrations, without their sealed secrets. */
export async function findIntegrationRows(organizationId: string): Promise<TIntegrationRow[]> {
  const rows = await getPrisma().integration.findMany({
    where: { organizationId },
    select: { id: true, kind: true, name: true, config: true, secretCiphertext: true, updatedAt: true },
    orderBy: [{ kind: "asc" }, { name: "asc" }],
  });
  return rows.map(({ secretCiphertext, ...row }) => ({ ...row, hasSecret: secretCiphertext !== null }));
}

/** Rows with sealed secrets, for the workers that connect to them (never for pages). */
export async function findIntegrationsWithSecrets(organizationId: string, kind: TKind): Promise<{ name: string; config: unknown; secretCiphertext: string | null }[]> {
  return getPrisma().integration.findMany({ where: { organizationId, kind }, select: { name: true, config: true, secretCiphertext: true }, orderBy: { name: "asc" } });
}

/** Creates or replaces the integration `kind/name`; a null secret keeps the stored one. */
export async function upsertIntegrationRow(
  organizationId: string,
  input: { kind: TKind; name: string; config: Prisma.InputJsonValue; secretCiphertext: string | null },
): Promise<void> {
  await getPrisma().integration.upsert({
    where: { organizationId_kind_name: { organizationId, kind: input.kind, name: input.name } },
    create: { organizationId, ...input },
    update: { config: input.config, ...(input.secretCiphertext !== null ? { secretCiphertext: input.secretCiphertext } : {}) },
  });
}

export async function deleteIntegrationRow(organizationId: string, id: string): Promise<boolean> {
  const deleted = await getPrisma().integration.deleteMany({ where: { organizationId, id } });
  return deleted.count > 0;
}
