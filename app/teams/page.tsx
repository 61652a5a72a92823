import type { Metadata } from "next";
import { TeamList } from "@/app/components/team-list.tsx";
import { withLoadedAt } from "@/app/components/with-loaded-at.ts";
import { listTeams } from "@/server/catalog/list-teams.ts";
import { getRequestOrganization } from "@/server/identity/get-request-organization.ts";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage() {
  const organization = await getRequestOrganization();
  const { data: teams, loadedAt } = await withLoadedAt(listTeams(organization.id));
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Teams</h1>
          <p className="subtitle">Who owns what, and where to reach them.</p>
        </div>
      </div>
      <TeamList initialTeams={teams} renderedAt={loadedAt} />
    </>
  );
}
