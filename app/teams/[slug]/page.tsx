import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { TeamDetailView } from "@/app/components/team-detail-view.tsx";
import { FollowButton } from "@/app/components/follow-button.tsx";
import { withLoadedAt } from "@/app/components/with-loaded-at.ts";
import { getTeam } from "@/server/catalog/get-team.ts";
import { getRequestOrganization } from "@/server/identity/get-request-organization.ts";

export const dynamic = "force-dynamic";

type TParams = Promise<{ slug: string }>;

// Metadata and the page both need the team; cache() makes that one query per request.
const loadTeam = cache(async (slug: string) => {
  const organization = await getRequestOrganization();
  return withLoadedAt(getTeam(organization.id, slug));
});

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { slug } = await params;
  const { data: team } = await loadTeam(slug);
  return { title: team ? team.name : "Team not found" };
}

export default async function TeamPage({ params }: { params: TParams }) {
  const { slug } = await params;
  const { data: team, loadedAt } = await loadTeam(slug);
  if (!team) notFound();
  return <TeamDetailView initialTeam={team} renderedAt={loadedAt} actions={<FollowButton kind="team" slug={team.slug} />} />;
}
