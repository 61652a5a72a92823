import { buildOpenSloExport } from "@/domain/slo/build-openslo-export.ts";
import type { SloAlerting } from "@/domain/slo/read-alert-policies.ts";
import { readStoredBudgeting } from "@/domain/slo/slo-budgeting.ts";
import { buildStandaloneOpenSloExport } from "@/domain/slo/standalone-openslo-documents.ts";
import { findOpenSloDocuments } from "./openslo-documents.repository.ts";
import { findSlosForExport } from "./slo.repository.ts";

/**
 * Every SLO of the organization as OpenSLO v1 documents (GET /api/v1/slos/export?format=openslo),
 * then the SLI and DataSource documents imported as written (a DataSource's secret-looking
 * connectionDetails redacted).
 */
export async function exportOpenSlo(organizationId: string): Promise<string> {
  const [slos, documents] = await Promise.all([findSlosForExport(organizationId), findOpenSloDocuments(organizationId)]);
  const standalone = buildStandaloneOpenSloExport(documents);
  const sloText = buildOpenSloExport(
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
  return [sloText, standalone].filter((text) => text !== "").join("---\n");
}

function isAlerting(value: unknown): value is SloAlerting {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length > 0;
}
