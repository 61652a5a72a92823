import { notFound } from "@/server/http/problem.ts";
import type { TActor } from "@/server/identity/actor.ts";
import { declaredElsewhere, requireEditableService } from "./save-ui-slo.ts";
import { deleteSlo, findSloRef } from "./slo.repository.ts";

/** Deletes an SLO made on the service page, with its history. Catalog SLOs go away by leaving the catalog. */
export async function deleteUiSlo(organizationId: string, serviceSlug: string, name: string, actor: TActor): Promise<void> {
  const service = await requireEditableService(organizationId, serviceSlug, actor);
  const existing = await findSloRef(organizationId, service.id, name);
  if (existing === null) throw notFound("SLO", `${serviceSlug} has no SLO named "${name}".`);
  if (existing.source !== "ui") throw declaredElsewhere(serviceSlug, name, existing);
  await deleteSlo(organizationId, existing.id);
}
