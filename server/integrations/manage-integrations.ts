import { reloadAuth } from "@/server/identity/auth.ts";
import type { TActor } from "@/server/identity/actor.ts";
import { canManageIntegrations } from "@/server/identity/can-manage-integrations.ts";
import { parseTenantKubeconfig } from "@/domain/kubernetes/parse-tenant-kubeconfig.ts";
import { assertEgressAllowedUrl, type TEgressOptions } from "@/server/http/egress-connect.ts";
import { EgressRefusedError } from "@/server/http/egress-policy.ts";
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

/**
 * An admin saves one integration; its secret is sealed (AES-256-GCM) before it reaches the
 * database. What it points at is checked first (a kubeconfig's fields, every URL against the
 * egress policy), so the admin reads the reason now rather than in a worker's log later.
 */
export async function saveIntegration(organizationId: string, actor: TActor, input: TIntegrationInput, options: { egress?: TEgressOptions } = {}): Promise<void> {
  requireIntegrationManager(actor);
  await checkDestinations(input, options.egress ?? {});
  const secret = input.secret?.trim() ? await sealSecret(input.secret) : null;
  await upsertIntegrationRow(organizationId, { kind: input.kind, name: input.name, config: input.config, secretCiphertext: secret });
  if (input.kind === "oidc") reloadAuth();
}

async function checkDestinations(input: TIntegrationInput, egress: TEgressOptions): Promise<void> {
  if (input.kind === "prometheus") return checkUrl(input.config.url, egress);
  if (input.kind === "oidc") return checkUrl(input.config.issuer, egress);
  const parsed = parseTenantKubeconfig(input.secret);
  if (!parsed.ok) throw new AppError(400, "Kubeconfig not accepted", parsed.problems.join("; "));
  const { clusters, users, contexts } = parsed.kubeconfig;
  const wanted = input.config.context;
  const used = contexts.filter((context) => !wanted || context.name === wanted);
  if (used.length === 0) {
    throw new AppError(400, "Kubeconfig not accepted", wanted ? `context "${wanted}" is not in the kubeconfig` : "the kubeconfig defines no context");
  }
  for (const context of used) {
    const cluster = clusters.find((candidate) => candidate.name === context.cluster);
    if (cluster === undefined) throw new AppError(400, "Kubeconfig not accepted", `context "${context.name}" names cluster "${context.cluster}", which is not defined`);
    if (!users.some((user) => user.name === context.user)) throw new AppError(400, "Kubeconfig not accepted", `context "${context.name}" names user "${context.user}", which is not defined`);
    await checkUrl(cluster.server, egress);
  }
}

async function checkUrl(url: string, egress: TEgressOptions): Promise<void> {
  try {
    await assertEgressAllowedUrl(url, egress);
  } catch (error) {
    if (error instanceof EgressRefusedError) throw new AppError(400, "Destination not allowed", error.message);
    // A name that does not resolve (yet) is saved: every connection is checked again when it is made.
  }
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
