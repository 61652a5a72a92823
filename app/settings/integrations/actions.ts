"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { parseMappingLines } from "@/domain/github/mapping-lines.ts";
import { ZGithubAppInput } from "@/server/github/github-app.schemas.ts";
import { removeGithubApp, saveGithubApp } from "@/server/github/manage-github-app.ts";
import { canManageIntegrations } from "@/server/identity/can-manage-integrations.ts";
import { ZIntegrationInput } from "@/server/integrations/integration.schemas.ts";
import { setLearningsChannel, ZLearningsChannel } from "@/server/integrations/learnings-channel.ts";
import { linkSlackWorkspace, ZSlackTeamId } from "@/server/integrations/link-slack-workspace.ts";
import { deleteIntegration, saveIntegration } from "@/server/integrations/manage-integrations.ts";
import { asFormAction, withAction } from "@/server/http/with-action.ts";

const INTEGRATIONS_PATH = "/settings/integrations";

/** The form's flat fields as ZIntegrationInput's shape: config by kind; an empty secret keeps the stored one. */
function readIntegrationForm(form: FormData): Record<string, unknown> {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" && value.trim() ? value.trim() : undefined;
  };
  const kind = String(form.get("kind") ?? "");
  const config =
    kind === "kubernetes"
      ? { context: text("context") }
      : kind === "prometheus"
        ? { url: text("url") ?? "", dialect: text("dialect") ?? "" }
        : { issuer: text("issuer") ?? "", clientId: text("clientId") ?? "" };
  const secret = form.get("secret");
  return { kind, name: form.get("name") ?? "", config, ...(typeof secret === "string" && secret.length > 0 ? { secret } : {}) };
}

/** Admins only (saveIntegration checks too); the secret field is sealed and never sent back. */
export const saveIntegrationAction = withAction(
  { can: canManageIntegrations, forbidden: "Only organization admins can configure integrations.", input: ZIntegrationInput, read: readIntegrationForm },
  async ({ organization, actor, input }) => {
    await saveIntegration(organization.id, actor, input);
    revalidatePath(INTEGRATIONS_PATH);
    return { name: input.name };
  },
);

export const deleteIntegrationAction = asFormAction(
  INTEGRATIONS_PATH,
  withAction(
    {
      can: canManageIntegrations,
      forbidden: "Only organization admins can configure integrations.",
      input: z.object({ id: z.string({ error: "Which integration? Reload the page." }).min(1, { error: "Which integration? Reload the page." }) }),
    },
    async ({ organization, actor, input }) => {
      await deleteIntegration(organization.id, actor, input.id);
      revalidatePath(INTEGRATIONS_PATH);
      redirect(INTEGRATIONS_PATH);
    },
  ),
);

/** Links the organization to its Slack workspace (admins; a workspace belongs to one organization). */
export const linkSlackWorkspaceAction = asFormAction(
  INTEGRATIONS_PATH,
  withAction(
    {
      can: canManageIntegrations,
      forbidden: "Only organization admins can link a Slack workspace.",
      input: z.object({ slackTeamId: ZSlackTeamId }),
      read: (form) => ({ slackTeamId: form.get("slackTeamId") ?? "" }),
    },
    async ({ organization, actor, input }) => {
      await linkSlackWorkspace(organization.id, actor, input.slackTeamId);
      revalidatePath(INTEGRATIONS_PATH);
      redirect(INTEGRATIONS_PATH);
    },
  ),
);

/** Chooses the Slack channel published learnings go to (admins); empty goes back to the deployment's default. */
export const setLearningsChannelAction = asFormAction(
  INTEGRATIONS_PATH,
  withAction(
    {
      can: canManageIntegrations,
      forbidden: "Only organization admins can choose the learnings channel.",
      input: z.object({ channel: ZLearningsChannel }),
      read: (form) => ({ channel: form.get("channel") ?? "" }),
    },
    async ({ organization, actor, input }) => {
      await setLearningsChannel(organization.id, actor, input.channel);
      revalidatePath(INTEGRATIONS_PATH);
      redirect(INTEGRATIONS_PATH);
    },
  ),
);

/** The GitHub App form: the mappings textarea is one mapping a line (domain/github/mapping-lines.ts); empty secrets keep the stored ones. */
function readGithubAppForm(form: FormData): Record<string, unknown> {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  return {
    appId: text("appId"),
    ...(text("apiUrl").trim() ? { apiUrl: text("apiUrl").trim() } : {}),
    ...(text("privateKey").trim() ? { privateKey: text("privateKey") } : {}),
    ...(text("webhookSecret") ? { webhookSecret: text("webhookSecret") } : {}),
    mappings: parseMappingLines(text("mappings")),
  };
}

/** Admins only (saveGithubApp checks too); the private key and webhook secret are sealed and never sent back. */
export const saveGithubAppAction = withAction(
  { can: canManageIntegrations, forbidden: "Only organization admins can configure the GitHub App.", input: ZGithubAppInput, read: readGithubAppForm },
  async ({ organization, actor, input }) => {
    await saveGithubApp(organization.id, actor, input);
    revalidatePath(INTEGRATIONS_PATH);
    return { name: `GitHub App ${input.appId}` };
  },
);

export const deleteGithubAppAction = asFormAction(
  INTEGRATIONS_PATH,
  withAction({ can: canManageIntegrations, forbidden: "Only organization admins can configure the GitHub App.", input: z.object({}) }, async ({ organization, actor }) => {
    await removeGithubApp(organization.id, actor);
    revalidatePath(INTEGRATIONS_PATH);
    redirect(INTEGRATIONS_PATH);
  }),
);
