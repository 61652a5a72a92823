import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { TeamDetailView } from "@/app/components/team-detail-view.tsx";
import { FollowButton } from "@/app/components/follow-button.tsx";
import { withLoadedAt } from "@/app/components/with-loaded-at.ts";
import { getTeam } from "@/server/catalog/get-team.ts";
import { getRequestContext, getRequestOrganization } from "@/server/identity/get-request-organization.ts";
import { WaitingForYou } from "@/app/components/waiting-for-you.tsx";
import { getWaitingForPerson } from "@/server/gate/get-waiting-for-person.ts";
import { decideApprovalAction } from "@/app/deploys/[id]/actions.ts";

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
  return { title: team ? `${team.name} · Team` : "Team not found" };
}

export default async function TeamPage({ params }: { params: TParams }) {
  const { slug } = await params;
  const { data: team, loadedAt } = await loadTeam(slug);
  if (!team) notFound();
  const { organization, actor } = await getRequestContext();
  const waiting = await getWaitingForPerson(organization.id, actor.personId, { teamSlug: team.slug, limit: 20 });
  return (
    <TeamDetailView
      initialTeam={team}
      renderedAt={loadedAt}
      actions={<FollowButton kind="team" slug={team.slug} />}
      waiting={<WaitingForYou waiting={waiting} action={decideApprovalAction} moreHref={`/deploys?for=me&team=${encodeURIComponent(team.slug)}`} />}
    />
  );
}
