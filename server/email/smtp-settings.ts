import { z } from "zod";
import { getConfig } from "@/server/config/get-config.ts";
import type { TConfig } from "@/server/config/parse-config.ts";
import type { TActor } from "@/server/identity/actor.ts";
import { canManageIntegrations } from "@/server/identity/can-manage-integrations.ts";
import { assertEgressAllowedHost, type TEgressOptions } from "@/server/http/egress-connect.ts";
import { EgressRefusedError } from "@/server/http/egress-policy.ts";
import { AppError } from "@/server/http/problem.ts";
import { openSecret, sealSecret } from "@/server/integrations/secret-box.ts";
import { deleteSmtpSettings, findSmtpSettings, upsertSmtpSettings } from "./email.repository.ts";

/** A mail server to send through: the organization's own, or the deployment's. */
export interface TSmtpServer {
  source: "organization" | "deployment";
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  password: string | null;
  from: string;
}

/** What /settings/email saves. The host is tenant input: a host name or address, nothing else (no URL, no path). */
export const ZSmtpSettingsInput = z.object({
  host: z
    .string()
    .trim()
    .min(1, { error: "Enter the mail server's host name." })
    .max(253)
    .regex(/^[A-Za-z0-9.-]+$|^\[?[0-9A-Fa-f:.]+\]?$/, { error: "Host: a host name or an IP address, e.g. smtp.example.com." }),
  port: z.coerce.number().int().min(1, { error: "Port: 1 to 65535." }).max(65535, { error: "Port: 1 to 65535." }),
  secure: z.boolean(),
  username: z.string().trim().max(500).optional(),
  /** Blank keeps the stored password. */
  password: z.string().max(1000).optional(),
  fromAddress: z.string().trim().min(3, { error: "Enter the From address." }).max(320),
});
export type TSmtpSettingsInput = z.output<typeof ZSmtpSettingsInput>;

/** What the settings page shows: never the password, only whether one is stored. */
export interface TSmtpSettingsView {
  organization: { host: string; port: number; secure: boolean; username: string | null; hasPassword: boolean; fromAddress: string; updatedAt: string } | null;
  deployment: { host: string; port: number; from: string } | null;
}

function requireAdmin(actor: TActor): void {
  if (!canManageIntegrations(actor)) throw new AppError(403, "Not allowed", "Only organization admins can configure the mail server.");
}

export async function getSmtpSettingsView(organizationId: string, smtp: TConfig["smtp"] = getConfig().smtp): Promise<TSmtpSettingsView> {
  const row = await findSmtpSettings(organizationId);
  return {
    organization: row
      ? { host: row.host, port: row.port, secure: row.secure, username: row.username, hasPassword: row.passwordCiphertext !== null, fromAddress: row.fromAddress, updatedAt: row.updatedAt.toISOString() }
      : null,
    deployment: smtp.host ? { host: smtp.host, port: smtp.port, from: smtp.from } : null,
  };
}

/**
 * An admin sets the organization's own mail server. The host is checked against the egress
 * policy now (the admin reads the reason at once) and again on every connection
 * (smtp-transport.ts); the password is sealed (AES-256-GCM) before it reaches the database.
 */
export async function saveSmtpSettings(organizationId: string, actor: TActor, input: TSmtpSettingsInput, options: { egress?: TEgressOptions } = {}): Promise<void> {
  requireAdmin(actor);
  const host = input.host.replace(/^\[|\]$/g, "");
  try {
    await assertEgressAllowedHost(host, options.egress ?? {});
  } catch (error) {
    if (error instanceof EgressRefusedError) throw new AppError(400, "Destination not allowed", error.message);
    // A name that does not resolve (yet) is saved: every connection is checked again.
  }
  const password = input.password?.trim() ? await sealSecret(input.password) : undefined;
  await upsertSmtpSettings(organizationId, {
    host,
    port: input.port,
    secure: input.secure,
    username: input.username?.trim() ? input.username.trim() : null,
    passwordCiphertext: input.username?.trim() ? password : null,
    fromAddress: input.fromAddress,
  });
}

export async function removeSmtpSettings(organizationId: string, actor: TActor): Promise<void> {
  requireAdmin(actor);
  await deleteSmtpSettings(organizationId);
}

/** The mail server for this organization's e-mail: its own when set, else the deployment's (SMTP_HOST), else null (no e-mail). */
export async function resolveSmtpServer(organizationId: string, smtp: TConfig["smtp"] = getConfig().smtp): Promise<TSmtpServer | null> {
  const row = await findSmtpSettings(organizationId);
  if (row) {
    return {
      source: "organization",
      host: row.host,
      port: row.port,
      secure: row.secure,
      user: row.username,
      password: row.passwordCiphertext ? await openSecret(row.passwordCiphertext) : null,
      from: row.fromAddress,
    };
  }
  if (!smtp.host) return null;
  return { source: "deployment", host: smtp.host, port: smtp.port, secure: smtp.secure, user: smtp.user, password: smtp.password, from: smtp.from };
}

/** Whether this organization can send e-mail at all (its own server or the deployment's). */
export async function isEmailEnabled(organizationId: string, smtp: TConfig["smtp"] = getConfig().smtp, hasOwnMailServer?: boolean): Promise<boolean> {
  return smtp.host !== null || (hasOwnMailServer ?? (await findSmtpSettings(organizationId)) !== null);
}
