"use server";

import { getConfig } from "@/server/config/get-config.ts";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ZInvitationInput, ZOrganizationRole, ZEmail } from "@/server/identity/accounts.schemas.ts";
import { inviteMember } from "@/server/identity/invitations.ts";
import { addTeamMember, changeMemberRole, removeOrganizationMember, removeTeamMember, revokeInvitation } from "@/server/identity/manage-members.ts";
import { AppError } from "@/server/http/problem.ts";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";

export type TInviteState = { status: "idle" } | { status: "invited"; email: string; link: string } | { status: "error"; message: string };

const MEMBERS_PATH = "/settings/members";

async function requestBaseUrl(): Promise<string> {
  const { publicUrl } = getConfig().server;
  if (publicUrl) return publicUrl;
  const list = await headers();
  const host = list.get("x-forwarded-host") ?? list.get("host") ?? "localhost:3000";
  const proto = list.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}

/** Runs a members change and comes back to the page, with the refusal (if any) in the URL. */
async function changeAndReturn(change: () => Promise<void>): Promise<never> {
  let error: string | null = null;
  try {
    await change();
  } catch (caught) {
    if (!(caught instanceof AppError)) throw caught;
    error = caught.detail;
  }
  revalidatePath(MEMBERS_PATH);
  redirect(error ? `${MEMBERS_PATH}?error=${encodeURIComponent(error)}` : MEMBERS_PATH);
}

export async function inviteMemberAction(_previous: TInviteState, form: FormData): Promise<TInviteState> {
  const { organization, actor } = await getRequestContext();
  const parsed = ZInvitationInput.safeParse({ email: form.get("email") ?? "", role: form.get("role") ?? "member" });
  if (!parsed.success) return { status: "error", message: parsed.error.issues.map((issue) => issue.message).join(" ") };
  try {
    const invitation = await inviteMember(organization.id, actor, parsed.data, await requestBaseUrl());
    revalidatePath(MEMBERS_PATH);
    return { status: "invited", email: parsed.data.email, link: invitation.link };
  } catch (error) {
    if (error instanceof AppError) return { status: "error", message: error.detail };
    throw error;
  }
}

export async function changeMemberRoleAction(form: FormData): Promise<void> {
  const { organization, actor } = await getRequestContext();
  const input = z.object({ userId: z.string().min(1), role: ZOrganizationRole }).parse({ userId: form.get("userId"), role: form.get("role") });
  await changeAndReturn(() => changeMemberRole(organization.id, actor, input.userId, input.role));
}

export async function addTeamMemberAction(form: FormData): Promise<void> {
  const { organization, actor } = await getRequestContext();
  const input = z
    .object({ email: ZEmail, name: z.string().trim().min(1).max(100), teamSlug: z.string().min(1), role: z.enum(["owner", "member"]) })
    .parse({ email: form.get("email"), name: form.get("name"), teamSlug: form.get("teamSlug"), role: form.get("role") });
  await changeAndReturn(() => addTeamMember(organization.id, actor, input));
}

export async function removeTeamMemberAction(form: FormData): Promise<void> {
  const { organization, actor } = await getRequestContext();
  const input = z.object({ personId: z.string().min(1), teamSlug: z.string().min(1) }).parse({ personId: form.get("personId"), teamSlug: form.get("teamSlug") });
  await changeAndReturn(() => removeTeamMember(organization.id, actor, input));
}

export async function removeMemberAction(form: FormData): Promise<void> {
  const { organization, actor } = await getRequestContext();
  const input = z.object({ userId: z.string().min(1).max(200) }).parse({ userId: form.get("userId") });
  await changeAndReturn(() => removeOrganizationMember(organization.id, actor, input.userId));
}

export async function revokeInvitationAction(form: FormData): Promise<void> {
  const { organization, actor } = await getRequestContext();
  const input = z.object({ invitationId: z.string().min(1).max(200) }).parse({ invitationId: form.get("invitationId") });
  await changeAndReturn(() => revokeInvitation(organization.id, actor, input.invitationId));
}
