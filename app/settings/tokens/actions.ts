"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { TCreateTokenState, TRevokeTokenState } from "@/app/components/token-manager.tsx";
import { canManageApiTokens } from "@/server/identity/can-manage-api-tokens.ts";
import { createApiToken, revokeApiToken } from "@/server/identity/api-tokens.ts";
import { describeActor } from "@/server/identity/actor.ts";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";

const ZTokenName = z
  .string()
  .trim()
  .min(1, { error: "Give the token a name that says where it is used, e.g. github-actions-payments." })
  .max(100, { error: "Keep the name under 100 characters." });

/** Server actions are public POST endpoints: each one authorizes itself (Next checks their Origin). */
async function authorizedOrganization() {
  const { organization, actor } = await getRequestContext();
  if (!canManageApiTokens(actor)) return null;
  return { ...organization, createdBy: describeActor(actor) };
}

export async function createTokenAction(_previous: TCreateTokenState, form: FormData): Promise<TCreateTokenState> {
  const organization = await authorizedOrganization();
  if (!organization) return { status: "error", message: "Only organization admins can create API tokens." };
  const name = ZTokenName.safeParse(form.get("name") ?? "");
  if (!name.success) return { status: "error", message: name.error.issues[0]?.message ?? "Invalid name." };
  const created = await createApiToken(organization.id, name.data, organization.createdBy);
  revalidatePath("/settings/tokens");
  return { status: "created", id: created.id, name: name.data, token: created.token };
}

export async function revokeTokenAction(_previous: TRevokeTokenState, form: FormData): Promise<TRevokeTokenState> {
  const organization = await authorizedOrganization();
  if (!organization) return { status: "error", message: "Only organization admins can revoke API tokens." };
  const id = z.string().min(1).safeParse(form.get("id"));
  if (!id.success) return { status: "error", message: "Which token? The form lost its id; reload the page." };
  const revoked = await revokeApiToken(organization.id, id.data);
  revalidatePath("/settings/tokens");
  return revoked ? { status: "revoked" } : { status: "error", message: "No such token in this organization." };
}
