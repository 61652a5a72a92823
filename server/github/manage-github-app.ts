import { z } from "zod";
import { ZGithubMapping, type TGithubMapping } from "@/domain/github/github-mapping.ts";
import { isRsaPrivateKey } from "@/integrations/github/app/app-jwt.ts";
import { assertEgressAllowedUrl, type TEgressOptions } from "@/server/http/egress-connect.ts";
import { EgressRefusedError } from "@/server/http/egress-policy.ts";
import { AppError, notFound } from "@/server/http/problem.ts";
import type { TActor } from "@/server/identity/actor.ts";
import { canManageIntegrations } from "@/server/identity/can-manage-integrations.ts";
import { openSecret, sealSecret } from "@/server/integrations/secret-box.ts";
import { GITHUB_WEBHOOK_PATH, type TGithubAppInput, type TGithubAppSummary } from "./github-app.schemas.ts";
import { deleteGithubApp, findGithubApp, upsertGithubApp, type TGithubAppRow } from "./github.repository.ts";

function requireManager(actor: TActor): void {
  if (!canManageIntegrations(actor)) throw new AppError(403, "Not allowed", "Only organization admins can configure the GitHub App.");
}

/**
 * An admin saves the organization's GitHub App: the key must be an RSA private key, the
 * API URL must pass the egress policy (GitHub Enterprise Server on a private address has
 * to be allowed by the operator), and the key and the secret are sealed before storing.
 */
export async function saveGithubApp(organizationId: string, actor: TActor, input: TGithubAppInput, options: { egress?: TEgressOptions } = {}): Promise<void> {
  requireManager(actor);
  const existing = await findGithubApp(organizationId);
  const privateKey = input.privateKey?.trim() ? input.privateKey.trim() : null;
  const webhookSecret = input.webhookSecret?.length ? input.webhookSecret : null;
  if (!existing && (!privateKey || !webhookSecret)) {
    throw new AppError(400, "GitHub App incomplete", "Enter the App's private key and its webhook secret: both are needed to verify webhooks and answer GitHub.");
  }
  if (privateKey && !isRsaPrivateKey(privateKey)) throw new AppError(400, "GitHub App not accepted", "The private key is not an RSA private key: paste the .pem file GitHub generated for the App.");
  try {
    await assertEgressAllowedUrl(input.apiUrl, options.egress);
  } catch (error) {
    if (error instanceof EgressRefusedError) throw new AppError(400, "Destination not allowed", error.message);
    // A name that does not resolve (yet) is saved: every connection is checked again when it is made.
  }
  await upsertGithubApp(organizationId, {
    appId: input.appId,
    apiUrl: input.apiUrl.replace(/\/+$/, ""),
    mappings: input.mappings,
    privateKeyCiphertext: privateKey ? await sealSecret(privateKey) : null,
    webhookSecretCiphertext: webhookSecret ? await sealSecret(webhookSecret) : null,
  });
}

export async function removeGithubApp(organizationId: string, actor: TActor): Promise<void> {
  requireManager(actor);
  if (!(await deleteGithubApp(organizationId))) throw notFound("GitHub App", "This organization has no GitHub App configured.");
}

export async function getGithubAppSummary(organizationId: string): Promise<TGithubAppSummary | null> {
  const row = await findGithubApp(organizationId);
  if (!row) return null;
  return { appId: row.appId, apiUrl: row.apiUrl, mappings: readMappings(row.mappings), webhookPath: GITHUB_WEBHOOK_PATH, updatedAt: row.updatedAt.toISOString() };
}

/** Stored mappings read leniently: one that no longer validates is left out rather than failing every webhook. */
export function readMappings(json: unknown): TGithubMapping[] {
  const parsed = z.array(z.unknown()).safeParse(json);
  if (!parsed.success) return [];
  return parsed.data.flatMap((item) => {
    const mapping = ZGithubMapping.safeParse(item);
    return mapping.success ? [mapping.data] : [];
  });
}

export interface TOpenedGithubApp {
  organizationId: string;
  appId: string;
  apiUrl: string;
  privateKeyPem: string;
  webhookSecret: string;
  mappings: TGithubMapping[];
}

/** The App with its secrets opened: for the webhook and the callback worker only, never pages or logs. */
export async function openGithubApp(row: TGithubAppRow): Promise<TOpenedGithubApp> {
  return {
    organizationId: row.organizationId,
    appId: row.appId,
    apiUrl: row.apiUrl,
    privateKeyPem: await openSecret(row.privateKeyCiphertext),
    webhookSecret: await openSecret(row.webhookSecretCiphertext),
    mappings: readMappings(row.mappings),
  };
}
