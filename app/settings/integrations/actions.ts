"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { AppError } from "@/server/http/problem.ts";
import { ZIntegrationInput } from "@/server/integrations/integration.schemas.ts";
import { linkSlackWorkspace, ZSlackTeamId } from "@/server/integrations/link-slack-workspace.ts";
import { deleteIntegration, saveIntegration } from "@/server/integrations/manage-integrations.ts";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";

export type TIntegrationFormState = { status: "idle" } | { status: "saved"; name: string } | { status: "error"; message: string };

const INTEGRATIONS_PATH = "/settings/integrations";

function formConfig(kind: string, form: FormData): Record<string, unknown> {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" && value.trim() ? value.trim() : undefined;
  };
  if (kind === "kubernetes") return { context: text("context") };
  if (kind === "prometheus") return { url: text("url") ?? "", dialect: text("dialect") ?? "" };
  return { issuer: text("issuer") ?? "", clientId: text("clientId") ?? "" };
}

/** Admins only (saveIntegration checks); the secret field is sealed and never sent back. */
export async function saveIntegrationAction(_previous: TIntegrationFormState, form: FormData): Promise<TIntegrationFormState> {
  const { organization, actor } = await getRequestContext();
  const kind = String(form.get("kind") ?? "");
  const secret = form.get("secret");
  const parsed = ZIntegrationInput.safeParse({
    kind,
    name: form.get("name") ?? "",
    config: formConfig(kind, form),
    ...(typeof secret === "string" && secret.length > 0 ? { secret } : {}),
  });
  if (!parsed.success) return { status: "error", message: parsed.error.issues.map((issue) => issue.message).join(" ") };
  try {
    await saveIntegration(organization.id, actor, parsed.data);
  } catch (error) {
    if (error instanceof AppError) return { status: "error", message: error.detail };
    throw error;
  }
  revalidatePath(INTEGRATIONS_PATH);
  return { status: "saved", name: parsed.data.name };
}

export async function deleteIntegrationAction(form: FormData): Promise<void> {
  const { organization, actor } = await getRequestContext();
  const id = z.string().min(1).safeParse(form.get("id"));
  let error: string | null = id.success ? null : "Which integration? Reload the page.";
  if (id.success) {
    try {
      await deleteIntegration(organization.id, actor, id.data);
    } catch (caught) {
      if (!(caught instanceof AppError)) throw caught;
      error = caught.detail;
    }
  }
  revalidatePath(INTEGRATIONS_PATH);
  redirect(error ? `${INTEGRATIONS_PATH}?error=${encodeURIComponent(error)}` : INTEGRATIONS_PATH);
}

/** Links the organization to its Slack workspace (admins; a workspace belongs to one organization). */
export async function linkSlackWorkspaceAction(form: FormData): Promise<void> {
  const { organization, actor } = await getRequestContext();
  const teamId = ZSlackTeamId.safeParse(form.get("slackTeamId") ?? "");
  let error: string | null = teamId.success ? null : (teamId.error.issues[0]?.message ?? "Invalid workspace id.");
  if (teamId.success) {
    try {
      await linkSlackWorkspace(organization.id, actor, teamId.data);
    } catch (caught) {
      if (!(caught instanceof AppError)) throw caught;
      error = caught.detail;
    }
  }
  revalidatePath(INTEGRATIONS_PATH);
  redirect(error ? `${INTEGRATIONS_PATH}?error=${encodeURIComponent(error)}` : INTEGRATIONS_PATH);
}
