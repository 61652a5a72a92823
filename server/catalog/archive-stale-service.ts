import { z } from "zod";
import { describeActor, type TActor } from "@/server/identity/actor.ts";
import { AppError } from "@/server/http/problem.ts";
import { authorizeServiceOwner } from "./authorize-service-owner.ts";
import { writeServiceArchived } from "./catalog-staleness.repository.ts";
import { getServiceStaleness } from "./get-service-staleness.ts";

export const ZArchiveServiceInput = z.object({
  reason: z.string().trim().min(3, { error: "reason: say why the service goes (at least 3 characters)" }).max(500, { error: "reason: at most 500 characters" }),
});

/**
 * An owner (or an admin) archives a stale service: it leaves the default service list and
 * the graph, keeps its history, and comes back by itself when the mesh sees traffic again
 * (restoreArchivedServicesWithTraffic). Only a stale (or kept) service: archiving one that
 * runs, or whose traffic is unknown, would hide a live dependency from the gate.
 */
export async function archiveStaleService(
  organizationId: string,
  slug: string,
  reason: string,
  actor: TActor,
  now: Date,
): Promise<{ slug: string; archivedAt: string; archivedReason: string }> {
  await authorizeServiceOwner(organizationId, slug, actor, "archive a stale service");
  const staleness = await getServiceStaleness(organizationId, slug, now);
  if (staleness === null || (staleness.state !== "stale" && staleness.state !== "kept")) {
    const why = staleness === null ? "it does not exist" : staleness.state === "unknown" ? `whether it is stale is unknown: ${staleness.reason}` : "it has running workloads or recent traffic";
    throw new AppError(409, "Service is not stale", `Only a stale service can be archived; \`${slug}\` is not: ${why}.`);
  }
  await writeServiceArchived(organizationId, slug, { at: now, reason, by: describeActor(actor), source: actor.kind === "token" ? "api" : "ui" });
  return { slug, archivedAt: now.toISOString(), archivedReason: reason };
}
