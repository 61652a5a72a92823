"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ZInvitationInput, ZOrganizationRole, ZEmail } from "@/server/identity/accounts.schemas.ts";
import type { TActor } from "@/server/identity/actor.ts";
import { canManageMembers } from "@/server/identity/can-manage-members.ts";
import { inviteMember } from "@/server/identity/invitations.ts";
import { addTeamMember, changeMemberRole, removeOrganizationMember, removeTeamMember, revokeInvitation } from "@/server/identity/manage-members.ts";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";
import { asFormAction, formFields, withAction, type TMemberActionOptions } from "@/server/http/with-action.ts";

const MEMBERS_PATH = "/settings/members";

async function requestBaseUrl(): Promise<string> {
  return publicBaseUrl(await headers());
}

// The use cases check the role too; refusing here first keeps the form's message the same everywhere.
const adminsOnly = { can: canManageMembers, forbidden: "Only organization admins can change members and team memberships." } satisfies Partial<TMemberActionOptions<unknown>>;

/** A members change that comes back to the page; a refusal comes back in the URL (asFormAction). */
function membersChange<TInput>(input: z.ZodType<TInput>, change: (organizationId: string, actor: TActor, input: TInput) => Promise<void>) {
  return asFormAction(
    MEMBERS_PATH,
    withAction({ ...adminsOnly, input }, async ({ organization, actor, input: parsed }) => {
      await change(organization.id, actor, parsed);
      revalidatePath(MEMBERS_PATH);
      redirect(MEMBERS_PATH);
    }),
  );
}

export const inviteMemberAction = withAction(
  {
    can: canManageMembers,
    forbidden: "Only organization admins can invite people.",
    input: ZInvitationInput,
    read: (form) => ({ email: "", role: "member", ...formFields(form) }),
  },
  async ({ organization, actor, input }) => {
    const invitation = await inviteMember(organization.id, actor, input, await requestBaseUrl());
    revalidatePath(MEMBERS_PATH);
    return { email: input.email, link: invitation.link, emailed: invitation.emailed };
  },
);

export const changeMemberRoleAction = membersChange(z.object({ userId: z.string().min(1), role: ZOrganizationRole }), (organizationId, actor, input) =>
  changeMemberRole(organizationId, actor, input.userId, input.role),
);

export const addTeamMemberAction = membersChange(
  z.object({ email: ZEmail, name: z.string().trim().min(1).max(100), teamSlug: z.string().min(1), role: z.enum(["owner", "member"]) }),
  (organizationId, actor, input) => addTeamMember(organizationId, actor, input),
);

export const removeTeamMemberAction = membersChange(z.object({ personId: z.string().min(1), teamSlug: z.string().min(1) }), (organizationId, actor, input) =>
  removeTeamMember(organizationId, actor, input),
);

export const removeMemberAction = membersChange(z.object({ userId: z.string().min(1).max(200) }), (organizationId, actor, input) =>
  removeOrganizationMember(organizationId, actor, input.userId),
);

export const revokeInvitationAction = membersChange(z.object({ invitationId: z.string().min(1).max(200) }), (organizationId, actor, input) =>
  revokeInvitation(organizationId, actor, input.invitationId),
);
