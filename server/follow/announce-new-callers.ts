import { formatRequestRate } from "@/domain/notifications/build-new-caller-message.ts";
import { getConfig } from "@/server/config/get-config.ts";
import { findApprovalPreferencesByEmail } from "@/server/email/email.repository.ts";
import { isEmailEnabled } from "@/server/email/smtp-settings.ts";
import { claimCallerAnnouncement, findFirstMeshEdgeAt, findUnannouncedCallerEdges, markCallerEdgesKnown } from "./follow.repository.ts";

/**
 * Edges first seen within this long of the organization's first mesh edge are its first
 * picture of the mesh (a fresh install, the demo, a Prometheus just connected): who already
 * calls whom, not new callers, so they are not announced.
 */
const FIRST_PICTURE_MS = 60_000;

/**
 * "`search` started calling `pricing` at 40 req/s": after each mesh round, every mesh edge
 * between two catalog services that was never announced and now carries at least
 * PLUMBLINE_NEW_CALLER_MIN_RATE is announced once: an event in the callee's history (so
 * its followers see it on /feed and in digests), an in-app notification to the owning
 * team, and an e-mail to its owners when the organization sends e-mail (unless they
 * turned e-mail off). The edge keeps when it was announced, so later rounds, restarts
 * and other workers add nothing; an edge that starts below the rate is announced the
 * round it crosses it. The organization's first picture of the mesh is not announced
 * (FIRST_PICTURE_MS).
 */
export async function announceNewCallers(organizationId: string, options: { now?: Date; minRate?: number } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const found = await findUnannouncedCallerEdges(organizationId, options.minRate ?? getConfig().follow.newCallerMinRate);
  if (found.length === 0) return 0;
  const firstAt = (await findFirstMeshEdgeAt(organizationId))?.getTime() ?? now.getTime();
  const known = found.filter((edge) => edge.createdAt.getTime() < firstAt + FIRST_PICTURE_MS);
  await markCallerEdgesKnown(organizationId, known.map((edge) => edge.id), now);
  const edges = found.filter((edge) => !known.includes(edge));
  const emailing = await isEmailEnabled(organizationId);
  const owners = edges.flatMap((edge) => edge.callee.ownerTeam?.owners ?? []);
  const preferences = emailing ? await findApprovalPreferencesByEmail(organizationId, owners.map((owner) => owner.email)) : new Map<string, string>();
  let announced = 0;
  for (const edge of edges) {
    const title = `${edge.caller.slug} started calling ${edge.callee.slug} at ${formatRequestRate(edge.requestRate)}`;
    const payload = { caller: { slug: edge.caller.slug, name: edge.caller.name }, callee: { slug: edge.callee.slug, name: edge.callee.name }, requestRate: edge.requestRate };
    const team = edge.callee.ownerTeam;
    const notifications = team
      ? [
          { channel: "inapp", target: team.slug, kind: "new_caller", payload, dedupeKey: `new-caller:${edge.id}:${team.slug}` },
          ...(emailing
            ? team.owners
                .filter((owner) => preferences.get(owner.email.toLowerCase()) !== "off")
                .map((owner) => ({ channel: "email", target: owner.email, kind: "new_caller", payload, dedupeKey: `new-caller:${edge.id}:${owner.personId}` }))
            : []),
        ]
      : [];
    const claimed = await claimCallerAnnouncement(organizationId, edge.id, now, {
      event: { serviceId: edge.callee.id, type: "new_caller", title, details: { caller: edge.caller.slug, requestRate: edge.requestRate }, dedupeKey: `new-caller:${edge.id}` },
      notifications,
    });
    if (claimed) announced += 1;
  }
  return announced;
}
