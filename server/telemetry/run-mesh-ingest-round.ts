import { announceNewCallers } from "@/server/follow/announce-new-callers.ts";
import { summarizeCoverage } from "@/domain/telemetry/build-telemetry-coverage.ts";
import type { Logger } from "pino";
import { ensureDefaultOrganization } from "@/server/identity/default-organization.ts";
import type { TMeshSourceProvider } from "./create-mesh-source-provider.ts";
import { ingestMeshTelemetry, type TMeshIngestResult } from "./ingest-mesh-telemetry.ts";
import { planMeshIngest } from "./plan-mesh-ingest.ts";

/**
 * One scheduled round for the deployment's default organization, whose source comes from
 * the environment (PROMETHEUS_URL or the demo simulator). Other organizations bring their
 * own Prometheus (run-organization-mesh-rounds.ts).
 */
export async function runMeshIngestRound(
  provider: TMeshSourceProvider,
  options: { edgeGoneAfterMs: number; log: Logger; now?: Date },
): Promise<TMeshIngestResult> {
  const organization = await ensureDefaultOrganization();
  return runMeshIngestForOrganization(organization.id, provider, options);
}

/**
 * One round for one organization. Source failures are recorded as staleness by the ingest
 * and logged here as warnings, not thrown: the job itself succeeded in telling the truth.
 */
export async function runMeshIngestForOrganization(
  organizationId: string,
  provider: TMeshSourceProvider,
  options: { edgeGoneAfterMs: number; log: Logger; now?: Date },
): Promise<TMeshIngestResult> {
  const plan = await planMeshIngest(organizationId);
  const source = provider.sourceFor(organizationId, plan.latencyThresholdsMs);
  const started = Date.now();
  const result = await ingestMeshTelemetry(organizationId, source, options.now ?? new Date(), {
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
  // New callers are told to the callee's owners once per edge (server/follow/announce-new-callers.ts).
  if (result.edges.ok) await announceNewCallers(organizationId, { now: options.now ?? new Date() });
  // Coverage, every cycle: nothing the source said is dropped without a word.
  if (result.coverage) {
    const unmatched = result.coverage.endpoints.filter((e) => e.serviceId === null);
    const fields = {
      source: result.source,
      matchedEndpoints: result.coverage.matchedEndpoints,
      unmatchedEndpoints: result.coverage.unmatchedEndpoints,
      traffic: result.coverage.traffic,
      unmatched: unmatched.slice(0, 20).map((e) => ({ role: e.role, namespace: e.namespace, workload: e.workload, rps: e.requestRate, reason: e.reason })),
    };
    const message = summarizeCoverage(result.source, result.coverage);
    if (unmatched.length > 0) options.log.info(fields, message);
    else options.log.debug(fields, message);
  }
  return result;
}
