"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { removeSmtpSettings, saveSmtpSettings, ZSmtpSettingsInput } from "@/server/email/smtp-settings.ts";
import { canManageIntegrations } from "@/server/identity/can-manage-integrations.ts";
import { asFormAction, withAction } from "@/server/http/with-action.ts";

const PATH = "/settings/email";
const adminsOnly = { can: canManageIntegrations, forbidden: "Only organization admins can configure the mail server." };

function readSmtpForm(form: FormData): Record<string, unknown> {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  return { host: text("host") ?? "", port: text("port") ?? "", secure: form.get("secure") === "on", username: text("username"), password: text("password"), fromAddress: text("fromAddress") ?? "" };
}

/** Admins set the organization's own mail server; the host is egress-checked and the password sealed (server/email/smtp-settings.ts). */
export const saveSmtpSettingsAction = asFormAction(
  PATH,
  withAction({ ...adminsOnly, input: ZSmtpSettingsInput, read: readSmtpForm }, async ({ organization, actor, input }) => {
    await saveSmtpSettings(organization.id, actor, input);
    revalidatePath(PATH);
    redirect(`${PATH}?saved=1`);
  }),
);

export const deleteSmtpSettingsAction = asFormAction(
  PATH,
  withAction({ ...adminsOnly, input: z.object({}) }, async ({ organization, actor }) => {
    await removeSmtpSettings(organization.id, actor);
    revalidatePath(PATH);
    redirect(PATH);
  }),
);
