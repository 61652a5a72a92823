import { AppError, notFound } from "@/server/http/problem.ts";
import { logger } from "@/server/logger.ts";
import type { TActor } from "@/server/identity/actor.ts";
import { canEditSlos } from "@/server/identity/can-edit-slos.ts";
import { evaluateOrganizationSlos } from "./evaluate-organization-slos.ts";
import { getServiceSlos } from "./get-service-slos.ts";
import type { TSloInput, TSloSummary } from "./slo.schemas.ts";
import { findServiceRef, findSloRef, upsertUiSlo } from "./slo.repository.ts";

/**
 * Creates or updates an SLO made on the service page (source ui), then evaluates it at
 * once so the card shows a status instead of waiting for the next minute. SLOs declared
 * in the catalog are changed in the catalog: the form may not take them over.
 */
export async function saveUiSlo(
  organizationId: string,
  serviceSlug: string,
  input: TSloInput,
  actor: TActor,
  now: Date = new Date(),
): Promise<{ slo: TSloSummary; created: boolean }> {
  const service = await requireEditableService(organizationId, serviceSlug, actor);
  const existing = await findSloRef(organizationId, service.id, input.name);
  if (existing !== null && existing.source !== "ui") throw declaredElsewhere(serviceSlug, input.name, existing);

  const saved = await upsertUiSlo(organizationId, service.id, {
    ...input,
    provenance: { kind: actor.kind === "user" ? "form" : "api" },
  });
  try {
    await evaluateOrganizationSlos(organizationId, now, { sloIds: [saved.id] });
  } catch (error) {
    // The definition is saved; the worker evaluates it within a minute anyway.
    logger.warn({ err: error, sloId: saved.id }, "could not evaluate a freshly saved SLO");
  }
  const slo = (await getServiceSlos(organizationId, serviceSlug)).find((summary) => summary.name === input.name);
  if (slo === undefined) throw notFound("SLO", `SLO "${input.name}" of ${serviceSlug} disappeared while it was saved; reload the page.`);
  return { slo, created: saved.created };
}

export async function requireEditableService(organizationId: string, serviceSlug: string, actor: TActor) {
  const service = await findServiceRef(organizationId, serviceSlug);
  if (service === null) throw notFound("Service", `No service "${serviceSlug}" in this organization. GET /api/v1/services lists them.`);
  if (!(await canEditSlos({ id: organizationId }, service, actor))) {
    throw new AppError(
      403,
      "Not allowed to change SLOs",
      actor.kind === "token"
        ? "SLOs are edited on the service page by the owners of the service's team; API tokens cannot change them."
        : `Only owners of ${service.ownerTeamSlug ?? "the owning team"} may change the SLOs of ${serviceSlug}.`,
    );
  }
  return service;
}

export function declaredElsewhere(serviceSlug: string, name: string, existing: { provenance: unknown; catalogOrigin: string | null }): AppError {
  const provenance = (existing.provenance ?? {}) as Record<string, unknown>;
  const file = typeof provenance["file"] === "string" ? provenance["file"] : existing.catalogOrigin;
  const where = file ? ` (${file})` : "";
  return new AppError(
    409,
    "SLO declared in the catalog",
    `SLO "${name}" of ${serviceSlug} is declared in the catalog${where}; change it there, or give this SLO another name.`,
  );
}
