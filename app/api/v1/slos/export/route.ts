import { ZSloExportQuery } from "@/server/slo/slo.schemas.ts";
import { withApi } from "@/server/http/with-api.ts";
import { exportOpenSlo } from "@/server/slo/export-openslo.ts";
import { exportPrometheusRules } from "@/server/slo/export-prometheus-rules.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";


/** Every SLO as OpenSLO v1 YAML, or as Prometheus recording and burn-rate alert rules. */
export const GET = withApi(ZSloExportQuery, async ({ organizationId, query }) => {
  const text = query.format === "openslo" ? await exportOpenSlo(organizationId) : await exportPrometheusRules(organizationId, query.dialect);
  const file = query.format === "openslo" ? "plumbline-slos.yaml" : "plumbline-rules.yaml";
  return new Response(text, {
    headers: { "content-type": "application/yaml; charset=utf-8", "content-disposition": `attachment; filename="${file}"` },
  });
});
