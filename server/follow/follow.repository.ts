import { getPrisma } from "@/server/db/client.ts";

// Follows, the feed's reads, digest subscribers and new-caller edges. Org-scoped, except
// findDigestSubscribers (the daily job's cross-tenant scan; each row carries its organization).

export type TFollowKind = "service" | "team";

export async function findSubjectId(organizationId: string, kind: TFollowKind, slug: string): Promise<{ id: string; name: string } | null> {
  const where = { organizationId_slug: { organizationId, slug } };
  return kind === "service"
    ? getPrisma().service.findUnique({ where, select: { id: true, name: true } })
    : getPrisma().team.findUnique({ where, select: { id: true, name: true } });
}

export async function insertFollow(organizationId: string, userId: string, kind: TFollowKind, subjectId: string): Promise<void> {
  await getPrisma().follow.createMany({ data: [{ organizationId, userId, subjectKind: kind, subjectId }], skipDuplicates: true });
}

export async function deleteFollow(organizationId: string, userId: string, kind: TFollowKind, subjectId: string): Promise<void> {
  await getPrisma().follow.deleteMany({ where: { organizationId, userId, subjectKind: kind, subjectId } });
}

export async function isFollowing(organizationId: string, userId: string, kind: TFollowKind, subjectId: string): Promise<boolean> {
  return (await getPrisma().follow.count({ where: { organizationId, userId, subjectKind: kind, subjectId } })) > 0;
}

export interface TFollowedSubjects {
  services: { id: string; slug: string; name: string }[];
  teams: { id: string; slug: string; name: string }[];
}

export async function findFollowedSubjects(organizationId: string, userId: string): Promise<TFollowedSubjects> {
  const follows = await getPrisma().follow.findMany({ where: { organizationId, userId }, select: { subjectKind: true, subjectId: true } });
  const ids = (kind: TFollowKind) => follows.filter((follow) => follow.subjectKind === kind).map((follow) => follow.subjectId);
  const select = { id: true, slug: true, name: true } as const;
  const [services, teams] = await Promise.all([
    getPrisma().service.findMany({ where: { organizationId, id: { in: ids("service") } }, select, orderBy: { slug: "asc" } }),
    getPrisma().team.findMany({ where: { organizationId, id: { in: ids("team") } }, select, orderBy: { slug: "asc" } }),
  ]);
  return { services, teams };
}

/** The services whose history a follower sees: those followed, and those owned by followed teams. */
export async function findFollowedServiceIds(organizationId: string, subjects: TFollowedSubjects): Promise<string[]> {
  const owned = subjects.teams.length
    ? await getPrisma().service.findMany({ where: { organizationId, ownerTeamId: { in: subjects.teams.map((team) => team.id) } }, select: { id: true } })
    : [];
  return [...new Set([...subjects.services.map((service) => service.id), ...owned.map((service) => service.id)])];
}

export interface TFeedEventRow {
  id: string;
  type: string;
  title: string;
  actor: string | null;
  occurredAt: Date;
  deployRequestId: string | null;
  service: { slug: string; name: string } | null;
}

/** Newest first; `since` bounds the digest's day, `before` pages the feed. */
export async function findFeedEvents(organizationId: string, serviceIds: readonly string[], options: { since?: Date; before?: Date; until?: Date; take: number }): Promise<TFeedEventRow[]> {
  if (serviceIds.length === 0) return [];
  const occurredAt = { ...(options.since ? { gte: options.since } : {}), ...(options.before ? { lt: options.before } : {}), ...(options.until ? { lte: options.until } : {}) };
  return getPrisma().changeEvent.findMany({
    where: { organizationId, serviceId: { in: [...serviceIds] }, ...(Object.keys(occurredAt).length ? { occurredAt } : {}) },
    select: { id: true, type: true, title: true, actor: true, occurredAt: true, deployRequestId: true, service: { select: { slug: true, name: true } } },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: options.take,
  });
}

export interface TDigestSubscriber {
  organizationId: string;
  userId: string;
  email: string;
  digest: string;
}

export async function findDigestSubscribers(): Promise<TDigestSubscriber[]> {
  const rows = await getPrisma().notificationSettings.findMany({ where: { digest: { in: ["email", "slack"] } }, select: { organizationId: true, userId: true, digest: true } });
  const users = await getPrisma().user.findMany({ where: { id: { in: rows.map((row) => row.userId) } }, select: { id: true, email: true } });
  const emailById = new Map(users.map((user) => [user.id, user.email]));
  return rows.flatMap((row) => {
    const email = emailById.get(row.userId);
    return email ? [{ ...row, email }] : [];
  });
}

export async function findUserEmail(userId: string): Promise<string | null> {
  return (await getPrisma().user.findUnique({ where: { id: userId }, select: { email: true } }))?.email ?? null;
}

export interface TNewCallerEdge {
  id: string;
  requestRate: number;
  createdAt: Date;
  caller: { id: string; slug: string; name: string };
  callee: { id: string; slug: string; name: string; ownerTeam: { slug: string; name: string; slackChannel: string | null; owners: { personId: string; email: string; slackUserId: string | null }[] } | null };
}

/** Mesh edges between two known services, never announced, carrying at least `minRate` now. */
export async function findUnannouncedCallerEdges(organizationId: string, minRate: number): Promise<TNewCallerEdge[]> {
  const edges = await getPrisma().edge.findMany({
    where: { organizationId, source: "mesh", callerId: { not: null }, callerAnnouncedAt: null, goneAt: null, requestRate: { gte: minRate } },
    select: {
      id: true,
      requestRate: true,
      createdAt: true,
      caller: { select: { id: true, slug: true, name: true } },
      callee: {
        select: {
          id: true,
          slug: true,
          name: true,
          ownerTeam: {
            select: {
              slug: true,
              name: true,
              slackChannel: true,
              memberships: { select: { role: true, person: { select: { id: true, email: true, slackUserId: true } } }, orderBy: { personId: "asc" } },
            },
          },
        },
      },
    },
    take: 200,
  });
  return edges.flatMap((edge) => {
    if (!edge.caller || edge.requestRate === null) return [];
    const team = edge.callee.ownerTeam;
    const owners = team ? team.memberships.filter((membership) => membership.role === "owner") : [];
    const deciders = team ? (owners.length > 0 ? owners : team.memberships) : [];
    return [
      {
        id: edge.id,
        requestRate: edge.requestRate,
        createdAt: edge.createdAt,
        caller: edge.caller,
        callee: {
          id: edge.callee.id,
          slug: edge.callee.slug,
          name: edge.callee.name,
          ownerTeam: team ? { slug: team.slug, name: team.name, slackChannel: team.slackChannel, owners: deciders.map((membership) => ({ personId: membership.person.id, email: membership.person.email, slackUserId: membership.person.slackUserId })) } : null,
        },
      },
    ];
  });
}

/**
 * Marks the edge announced and writes what announces it (history event, outbox rows) in one
 * transaction, only if no one marked it first: two workers (or two cycles) racing on the
 * same new edge announce it once.
 */
export async function claimCallerAnnouncement(
  organizationId: string,
  edgeId: string,
  at: Date,
  writes: { event: { serviceId: string; type: string; title: string; details: object; dedupeKey: string }; notifications: { channel: string; target: string; kind: string; payload: object; dedupeKey: string }[] },
): Promise<boolean> {
  return getPrisma().$transaction(async (tx) => {
    const claimed = await tx.edge.updateMany({ where: { organizationId, id: edgeId, callerAnnouncedAt: null }, data: { callerAnnouncedAt: at } });
    if (claimed.count === 0) return false;
    await tx.changeEvent.createMany({
      data: [{ organizationId, serviceId: writes.event.serviceId, type: writes.event.type, title: writes.event.title, details: writes.event.details, source: "mesh", actor: "plumbline", dedupeKey: writes.event.dedupeKey, occurredAt: at }],
      skipDuplicates: true,
    });
    if (writes.notifications.length) {
      await tx.notification.createMany({ data: writes.notifications.map((row) => ({ organizationId, ...row })), skipDuplicates: true });
    }
    return true;
  });
}

/** A digest as a Slack DM: one outbox row per member and day (a repeated dedupeKey adds nothing). Returns whether it was new. */
export async function insertSlackDigestRow(organizationId: string, row: { personId: string; payload: object; dedupeKey: string }): Promise<boolean> {
  const result = await getPrisma().notification.createMany({
    data: [{ organizationId, channel: "slack", target: `person:${row.personId}`, kind: "digest_dm", payload: row.payload, dedupeKey: row.dedupeKey }],
    skipDuplicates: true,
  });
  return result.count > 0;
}

/** When the organization's mesh picture began: its oldest mesh edge (null before the first round). */
export async function findFirstMeshEdgeAt(organizationId: string): Promise<Date | null> {
  const first = await getPrisma().edge.findFirst({ where: { organizationId, source: "mesh" }, select: { createdAt: true }, orderBy: { createdAt: "asc" } });
  return first?.createdAt ?? null;
}

/** Edges of the first picture: known from the start, so not new callers; marked so they are never announced. */
export async function markCallerEdgesKnown(organizationId: string, edgeIds: readonly string[], at: Date): Promise<void> {
  if (edgeIds.length === 0) return;
  await getPrisma().edge.updateMany({ where: { organizationId, id: { in: [...edgeIds] }, callerAnnouncedAt: null }, data: { callerAnnouncedAt: at } });
}
