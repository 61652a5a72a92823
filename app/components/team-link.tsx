import Link from "next/link";
import type { TTeamRef } from "@/server/catalog/catalog.schemas.ts";

/** Link to the owning team, or an explicit "no owner" so gaps in ownership stay visible. */
export function TeamLink({ team }: { team: TTeamRef | null }) {
  if (team === null) {
    return <span className="muted">No owner</span>;
  }
  const link = <Link href={`/teams/${encodeURIComponent(team.slug)}`}>{team.name}</Link>;
  // A User owner (Backstage `owner: user:…`) is a person, not a team: say so.
  return team.personEmail ? (
    <span>
      {link} <span className="badge" title={team.personEmail}>user</span>
    </span>
  ) : (
    link
  );
}
