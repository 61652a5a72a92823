import { notFound } from "@/server/http/problem.ts";
import { deleteFollow, findFeedEvents, findFollowedServiceIds, findFollowedSubjects, findSubjectId, insertFollow, isFollowing, type TFeedEventRow, type TFollowedSubjects, type TFollowKind } from "./follow.repository.ts";

/** Any member may follow a service or a team of their organization (following reads nothing more than they can already see). */
export async function setFollowing(organizationId: string, userId: string, input: { kind: TFollowKind; slug: string; follow: boolean }): Promise<void> {
  const subject = await findSubjectId(organizationId, input.kind, input.slug);
  if (!subject) throw notFound(input.kind === "service" ? "Service" : "Team", `No ${input.kind} "${input.slug}" in this organization.`);
  if (input.follow) await insertFollow(organizationId, userId, input.kind, subject.id);
  else await deleteFollow(organizationId, userId, input.kind, subject.id);
}

export async function isFollowingSubject(organizationId: string, userId: string, kind: TFollowKind, slug: string): Promise<boolean> {
  const subject = await findSubjectId(organizationId, kind, slug);
  return subject ? isFollowing(organizationId, userId, kind, subject.id) : false;
}

export interface TFeedEntry {
  id: string;
  type: string;
  title: string;
  actor: string | null;
  occurredAt: string;
  deployRequestId: string | null;
  service: { slug: string; name: string } | null;
}

export interface TFeed {
  following: TFollowedSubjects;
  entries: TFeedEntry[];
}

/**
 * What happened to the services a member follows (directly, or through a followed team):
 * their history (server/history's change events: deploy requests and gate decisions,
 * rollouts, SLO transitions, new callers), newest first.
 */
export async function getFeed(organizationId: string, userId: string, options: { since?: Date; until?: Date; take?: number } = {}): Promise<TFeed> {
  const following = await findFollowedSubjects(organizationId, userId);
  const serviceIds = await findFollowedServiceIds(organizationId, following);
  const rows = await findFeedEvents(organizationId, serviceIds, { ...options, take: options.take ?? 100 });
  return { following, entries: rows.map(toEntry) };
}

function toEntry(row: TFeedEventRow): TFeedEntry {
  return { id: row.id, type: row.type, title: row.title, actor: row.actor, occurredAt: row.occurredAt.toISOString(), deployRequestId: row.deployRequestId, service: row.service };
}
