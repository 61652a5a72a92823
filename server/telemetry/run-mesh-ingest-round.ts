import type { Logger } from "pino";
import { ensureDefaultOrganization } from "../tenancy/default-organization.ts";
import type { TMeshSourceProvider } from "./create-mesh-source-provider.ts";
import { ingestMeshTelemetry, type TMeshIngestResult } from "./ingest-mesh-telemetry.ts";
import { planMeshIngest } from "./plan-mesh-ingest.ts";

/**
 * One scheduled round for the deployment's organization (single-organization phase:
 * the default one). Source failures are recorded as staleness by the ingest and logged
 * here as warnings, not thrown: the job itself succeeded in telling the truth.
 */
export async function runMeshIngestRound(
  provider: TMeshSourceProvider,
  options: { edgeGoneAfterMs: number; log: Logger; now?: Date },
): Promise<TMeshIngestResult> {
  const organization = await ensureDefaultOrganization();
  const plan = await planMeshIngest(organization.id);
  const source = provider.sourceFor(organization.id, plan.latencyThresholdsMs);
  const started = Date.now();
  const result = await ingestMeshTelemetry(organization.id, source, options.now ?? new Date(), {
    windows: plan.windows,
    edgeGoneAfterMs: options.edgeGoneAfterMs,
  });
  const summary = {
    source: result.source,
    ms: Date.now() - started,
    edges: result.edges.ok ? { upserted: result.edges.upserted, gone: result.edges.gone } : { stale: result.edges.reason },
    counts: result.counts.ok ? { upserted: result.counts.upserted } : { stale: result.counts.reason },
  };
  if (!result.edges.ok || !result.counts.ok) options.log.warn(summary, "mesh telemetry source failed; data marked stale");
  else options.log.debug(summary, "mesh telemetry ingested");
  if (result.edges.ok && result.edges.unmappedCallees.length > 0) {
    options.log.debug({ workloads: result.edges.unmappedCallees.slice(0, 20) }, "mesh workloads no catalog service claims");
  }
  return result;
}
