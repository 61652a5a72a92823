import type { TTeamDetail } from "@/server/catalog/catalog.schemas.ts";
import { RoleBadge } from "./role-badge.tsx";

/** A team's people. Owners first: they are the ones the deploy gate asks to approve. */
export function MembersTable({ members }: { members: TTeamDetail["members"] }) {
  const sorted = [...members].sort(
    (a, b) => Number(b.role === "owner") - Number(a.role === "owner") || a.name.localeCompare(b.name),
  );
  return (
    <div className="table-wrap" role="region" aria-label="Team members" tabIndex={0}>
      <table className="data">
        <caption className="visually-hidden">Team members</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Slack</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((member) => (
            <tr key={member.email}>
              <td>
                <span className="primary">{member.name}</span>
                {member.handle ? <span className="secondary-line">@{member.handle}</span> : null}
              </td>
              <td>
                <a href={`mailto:${member.email}`}>{member.email}</a>
              </td>
              <td>
                <RoleBadge role={member.role} />
              </td>
              <td>
                {member.slackUserId ? (
                  <span title={`Slack user ${member.slackUserId}`}>Linked</span>
                ) : (
                  <span className="muted" title="Linked when the person first uses Plumbline in Slack">
                    Not linked
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
