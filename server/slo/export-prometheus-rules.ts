import type { BurnRateAlertRule } from "@/domain/slo/burn-rate-alerts.ts";
import { buildPrometheusRules } from "@/domain/slo/build-prometheus-rules.ts";
import type { MeshDialect } from "@/domain/telemetry/telemetry-types.ts";
import { getConfig } from "@/server/config/get-config.ts";
import { findSlosForExport } from "./slo.repository.ts";

/**
 * Prometheus rules for every SLO of the organization (GET /api/v1/slos/export?format=prometheus),
 * so alerting can live in the team's own Alertmanager. The metric names are the mesh's:
 * the dialect asked for, else the configured one, else Istio's.
 */
function alertRulesOf(alerting: unknown): { alertRules?: BurnRateAlertRule[] } {
  const rules = (alerting as { rules?: unknown } | null)?.rules;
  return Array.isArray(rules) && rules.length > 0 ? { alertRules: rules as BurnRateAlertRule[] } : {};
}

export async function exportPrometheusRules(organizationId: string, dialect?: MeshDialect): Promise<string> {
  const configured = getConfig().mesh.dialect;
  const chosen: MeshDialect = dialect ?? (configured === "auto" ? "istio" : configured);
  const slos = await findSlosForExport(organizationId);
  return buildPrometheusRules(
    slos.map((slo) => ({
      serviceSlug: slo.service.slug,
      name: slo.name,
      kind: slo.kind,
      objective: slo.objective,
      latencyThresholdMs: slo.latencyThresholdMs,
      workloads: slo.service.workloads,
      ...alertRulesOf(slo.alerting),
    })),
    chosen,
  );
}
