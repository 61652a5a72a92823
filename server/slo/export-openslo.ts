import { buildOpenSloExport } from "@/domain/slo/build-openslo-export.ts";
import type { SloAlerting } from "@/domain/slo/read-alert-policies.ts";
import { readStoredBudgeting } from "@/domain/slo/slo-budgeting.ts";
import { findSlosForExport } from "./slo.repository.ts";

/** Every SLO of the organization as OpenSLO v1 documents (GET /api/v1/slos/export?format=openslo). */
export async function exportOpenSlo(organizationId: string): Promise<string> {
  const slos = await findSlosForExport(organizationId);
  return buildOpenSloExport(
    slos.map((slo) => ({
      serviceSlug: slo.service.slug,
      name: slo.name,
      kind: slo.kind,
      objective: slo.objective,
      windowDays: slo.windowDays,
      latencyThresholdMs: slo.latencyThresholdMs,
      minRequests: slo.minRequests,
      budgeting: readStoredBudgeting(slo.budgeting),
      ...(isAlerting(slo.alerting) ? { alerting: slo.alerting } : {}),
    })),
  );
}

function isAlerting(value: unknown): value is SloAlerting {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length > 0;
}
