import { z } from "zod";
import { describeActor, type TActor } from "@/server/identity/actor.ts";
import { authorizeServiceOwner } from "./authorize-service-owner.ts";
import { writeServiceKept } from "./catalog-staleness.repository.ts";

export const ZKeepServiceInput = z.object({
  reason: z.string().trim().min(3, { error: "reason: say why the service stays (at least 3 characters)" }).max(500, { error: "reason: at most 500 characters" }),
});

/**
 * An owner of the service (or an organization admin: stale services are often unowned)
 * keeps a stale service with a reason; recorded on the service and in its history.
 */
export async function keepStaleService(organizationId: string, slug: string, reason: string, actor: TActor, now: Date): Promise<{ slug: string; keptAt: string; keptReason: string }> {
  await authorizeServiceOwner(organizationId, slug, actor, "keep a stale service");
  await writeServiceKept(organizationId, slug, { at: now, reason, by: describeActor(actor), source: actor.kind === "token" ? "api" : "ui" });
  return { slug, keptAt: now.toISOString(), keptReason: reason };
}
