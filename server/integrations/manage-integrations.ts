import { reloadAuth } from "@/server/identity/auth.ts";
import type { TActor } from "@/server/identity/actor.ts";
import { canManageIntegrations } from "@/server/identity/can-manage-integrations.ts";
import { AppError, notFound } from "@/server/http/problem.ts";
import type { TIntegrationInput, TIntegrationSummary } from "./integration.schemas.ts";
import { deleteIntegrationRow, findIntegrationRows, findIntegrationsWithSecrets, upsertIntegrationRow } from "./integrations.repository.ts";
import { openSecret, sealSecret } from "./secret-box.ts";

function requireIntegrationManager(actor: TActor): void {
  if (!canManageIntegrations(actor)) throw new AppError(403, "Not allowed", "Only organization admins can configure integrations.");
}

export async function listIntegrations(organizationId: string): Promise<TIntegrationSummary[]> {
  const rows = await findIntegrationRows(organizationId);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    name: row.name,
    config: typeof row.config === "object" && row.config !== null ? (row.config as Record<string, unknown>) : {},
    hasSecret: row.hasSecret,
    updatedAt: row.updatedAt.toISOString(),
  }));
}

/** An admin saves one integration; its secret is sealed (AES-256-GCM) before it reaches the database. */
export async function saveIntegration(organizationId: string, actor: TActor, input: TIntegrationInput): Promise<void> {
  requireIntegrationManager(actor);
  const secret = input.secret?.trim() ? await sealSecret(input.secret) : null;
  await upsertIntegrationRow(organizationId, { kind: input.kind, name: input.name, config: input.config, secretCiphertext: secret });
  if (input.kind === "oidc") reloadAuth();
}

export async function deleteIntegration(organizationId: string, actor: TActor, id: string): Promise<void> {
  requireIntegrationManager(actor);
  if (!(await deleteIntegrationRow(organizationId, id))) throw notFound("Integration", "No such integration in this organization.");
  reloadAuth();
}

/** The organization's integrations of one kind with their secrets opened: for workers only, never for pages or logs. */
export async function loadIntegrationsForWorkers(organizationId: string, kind: "kubernetes" | "prometheus" | "oidc"): Promise<{ name: string; config: unknown; secret: string | null }[]> {
  const rows = await findIntegrationsWithSecrets(organizationId, kind);
  return Promise.all(rows.map(async (row) => ({ name: row.name, config: row.config, secret: row.secretCiphertext ? await openSecret(row.secretCiphertext) : null })));
}
