import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/app/components/empty-state.tsx";
import { getFeed } from "@/server/follow/follow.ts";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your feed" };

/** What happened to the services you follow (directly or through a team): deploys, gate decisions, rollouts, SLO changes, new callers. */
export default async function FeedPage() {
  const { organization, session } = await getRequestContext();
  const feed = await getFeed(organization.id, session.userId, { take: 100 });
  const followed = [...feed.following.services.map((service) => ({ ...service, href: `/services/${service.slug}` })), ...feed.following.teams.map((team) => ({ ...team, href: `/teams/${team.slug}` }))];
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Your feed</h1>
          <p className="subtitle">
            {followed.length === 0 ? (
              "You follow nothing yet: use Follow on a service or team page."
            ) : (
              <>
                Following{" "}
                {followed.map((subject, index) => (
                  <span key={subject.id}>
                    {index > 0 ? ", " : ""}
                    <Link href={subject.href}>{subject.name}</Link>
                  </span>
                ))}
                . <Link href="/account/notifications">Daily digest…</Link>
              </>
            )}
          </p>
        </div>
      </div>
      {feed.entries.length === 0 ? (
        <EmptyState title="Nothing yet">Deploys, gate decisions, rollouts, SLO changes and new callers of what you follow appear here.</EmptyState>
      ) : (
        <ol className="link-list card" aria-label="Feed">
          {feed.entries.map((entry) => (
            <li key={entry.id} className="section" data-testid="feed-entry" data-type={entry.type}>
              <p>
                <time dateTime={entry.occurredAt} className="muted">
                  {entry.occurredAt.slice(0, 16).replace("T", " ")} UTC
                </time>{" "}
                {entry.service ? (
                  <Link href={`/services/${entry.service.slug}`} className="mono">
                    {entry.service.slug}
                  </Link>
                ) : null}{" "}
                {entry.deployRequestId ? <Link href={`/deploys/${entry.deployRequestId}`}>{entry.title}</Link> : entry.title}
              </p>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
