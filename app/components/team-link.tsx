import Link from "next/link";
import type { TTeamRef } from "@/server/catalog/catalog.schemas.ts";

/** Link to the owning team, or an explicit "no owner" so gaps in ownership stay visible. */
export function TeamLink({ team }: { team: TTeamRef | null }) {
  if (team === null) {
    return <span className="muted">No owner</span>;
  }
  return <Link href={`/teams/${encodeURIComponent(team.slug)}`}>{team.name}</Link>;
}
