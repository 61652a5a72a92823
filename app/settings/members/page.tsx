import type { Metadata } from "next";
import { InviteMemberForm } from "@/app/components/invite-member-form.tsx";
import { formatDateTime } from "@/app/components/format.ts";
import { canManageMembers } from "@/server/identity/can-manage-members.ts";
import { getMembersOverview } from "@/server/identity/get-members-overview.ts";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";
import { ConfirmSubmitForm } from "@/app/components/confirm-submit-form.tsx";
import { addTeamMemberAction, changeMemberRoleAction, inviteMemberAction, removeMemberAction, removeTeamMemberAction, revokeInvitationAction } from "./actions.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Members · Settings" };

export default async function MembersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { organization, actor } = await getRequestContext();
  const { error } = await searchParams;
  const overview = await getMembersOverview(organization.id);
  const isAdmin = canManageMembers(actor);
  // The server refuses to remove or demote the last admin (manage-members.ts); the page does
  // not offer it either, so nobody is asked to confirm something that will be refused.
  const adminCount = overview.members.filter((member) => member.role === "admin").length;
  const isOnlyAdmin = (member: { role: string }) => member.role === "admin" && adminCount <= 1;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Members</h1>
          <p className="subtitle">Who can sign in to {organization.name}, their role, and the teams they belong to. Admins manage tokens, policies, integrations and members.</p>
        </div>
      </div>
      {typeof error === "string" ? (
        <p className="callout callout-error page-callout" role="alert">
          {error}
        </p>
      ) : null}
      {isAdmin ? <InviteMemberForm action={inviteMemberAction} /> : <p className="callout page-callout">Only admins can invite people or change memberships.</p>}
      <section className="section" aria-labelledby="members-heading">
        <h2 id="members-heading">
          Members <span className="count">{overview.members.length}</span>
        </h2>
        <div className="table-wrap" role="region" aria-label="Members" tabIndex={0}>
          <table className="data">
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th>Role</th>
                <th>Teams</th>
                {isAdmin ? <th>Access</th> : null}
              </tr>
            </thead>
            <tbody>
              {overview.members.map((member) => (
                <tr key={member.userId} data-member-email={member.email}>
                  <td className="primary">{member.name}</td>
                  <td>{member.email}</td>
                  <td>
                    {isAdmin && isOnlyAdmin(member) ? (
                      <span title="The organization needs at least one admin: make someone else admin first.">admin (the only one)</span>
                    ) : isAdmin ? (
                      <form action={changeMemberRoleAction} className="toolbar">
                        <input type="hidden" name="userId" value={member.userId} />
                        <select name="role" className="select" defaultValue={member.role} aria-label={`Role of ${member.email}`}>
                          <option value="member">member</option>
                          <option value="admin">admin</option>
                        </select>
                        <button type="submit" className="button">
                          Save
                        </button>
                      </form>
                    ) : (
                      member.role
                    )}
                  </td>
                  <td>
                    {member.teams.map((team) => (
                      <span key={team.teamSlug} className="toolbar">
                        {team.teamName} ({team.role}, {team.source === "ui" ? "added here" : "from the catalog"})
                        {isAdmin && team.source === "ui" ? (
                          <form action={removeTeamMemberAction}>
                            <input type="hidden" name="personId" value={team.personId} />
                            <input type="hidden" name="teamSlug" value={team.teamSlug} />
                            <button type="submit" className="button" aria-label={`Remove ${member.email} from ${team.teamName}`}>
                              Remove
                            </button>
                          </form>
                        ) : null}
                      </span>
                    ))}
                    {isAdmin ? (
                      <form action={addTeamMemberAction} className="toolbar">
                        <input type="hidden" name="email" value={member.email} />
                        <input type="hidden" name="name" value={member.name} />
                        <select name="teamSlug" className="select" aria-label={`Team for ${member.email}`} required defaultValue="">
                          <option value="" disabled>
                            Add to team…
                          </option>
                          {overview.teams.map((team) => (
                            <option key={team.slug} value={team.slug}>
                              {team.name}
                            </option>
                          ))}
                        </select>
                        <select name="role" className="select" aria-label={`Team role for ${member.email}`} defaultValue="member">
                          <option value="member">member</option>
                          <option value="owner">owner</option>
                        </select>
                        <button type="submit" className="button">
                          Add
                        </button>
                      </form>
                    ) : null}
                  </td>
                  {isAdmin ? (
                    <td>
                      {isOnlyAdmin(member) ? (
                        <span className="muted" data-testid="only-admin">
                          Only admin: cannot be removed
                        </span>
                      ) : (
                      <ConfirmSubmitForm
                        action={removeMemberAction}
                        fields={{ userId: member.userId }}
                        label="Remove"
                        ariaLabel={`Remove ${member.email} from ${organization.name}`}
                        question={`Remove ${member.email} from ${organization.name}? They lose access at once; their catalog entries and team memberships stay.`}
                      />
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {overview.invitations.length ? (
        <section className="section" aria-labelledby="invitations-heading">
          <h2 id="invitations-heading">Open invitations</h2>
          <ul>
            {overview.invitations.map((invitation) => (
              <li key={invitation.id} className="toolbar" data-invitation-email={invitation.email}>
                {invitation.email} as {invitation.role}, until {formatDateTime(invitation.expiresAt.toISOString())}
                {isAdmin ? (
                  <ConfirmSubmitForm
                    action={revokeInvitationAction}
                    fields={{ invitationId: invitation.id }}
                    label="Revoke"
                    ariaLabel={`Revoke the invitation of ${invitation.email}`}
                    question={`Revoke the invitation of ${invitation.email}? Its link stops working.`}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
