import type { Logger } from "pino";
import { getConfig } from "@/server/config/get-config.ts";
import { countDependencies } from "@/server/catalog/catalog-dependencies.repository.ts";
import { countSlosByStatus } from "@/server/slo/slo.repository.ts";
import { ensureDefaultOrganization } from "@/server/identity/default-organization.ts";
import { evaluateOrganizationSlos } from "@/server/slo/evaluate-organization-slos.ts";
import { createMeshSourceProvider } from "@/server/telemetry/create-mesh-source-provider.ts";
import { readMeshTelemetryConfig } from "@/server/telemetry/mesh-telemetry-config.ts";
import { runMeshIngestForOrganization } from "@/server/telemetry/run-mesh-ingest-round.ts";
import { backfillDemoHistory } from "./backfill-demo-history.ts";
import { isDemoMode } from "./is-demo-mode.ts";

/**
 * Demo mode with the simulated mesh, before the first page is served: one mesh reading
 * now, the 28-day SLO history (once; backfill-demo-history.ts), then one SLO evaluation,
 * so every SLO is judged and every budget chart drawn on the first page load instead of
 * a minute later. Prints one line with what it did and how long it took.
 */
export async function prepareDemoOnStart(print: (line: string) => void, log: Logger, now: Date = new Date()): Promise<void> {
  if (!isDemoMode()) return;
  const mesh = readMeshTelemetryConfig(getConfig(), true);
  if (mesh.source.kind !== "simulator") return;
  const started = performance.now();
  const organization = await ensureDefaultOrganization();
  const provider = createMeshSourceProvider(mesh.source);
  await runMeshIngestForOrganization(organization.id, provider, { edgeGoneAfterMs: mesh.edgeGoneAfterMs, log, now });
  const backfill = await backfillDemoHistory(organization.id, now);
  const evaluated = await evaluateOrganizationSlos(organization.id, now, {
    onSloError: (slo, error) => log.error({ err: error, sloId: slo.id, slo: slo.name }, "SLO could not be evaluated; the others were"),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const history =
    backfill.backfilledSlos > 0
      ? `28 days of history for ${backfill.backfilledSlos} SLOs (${backfill.snapshots.toLocaleString("en-US")} snapshots, ${backfill.transitions} status changes) in ${(backfill.ms / 1000).toFixed(1)} s`
      : `history already recorded for ${backfill.alreadyHadHistory} SLOs`;
  print(`demo: ${history}; ${evaluated.evaluated} SLOs evaluated (${seconds} s in all)`);
  // The same queries as the home page's figures, so the console and the page agree.
  const [dependencies, byStatus] = await Promise.all([countDependencies(organization.id), countSlosByStatus(organization.id)]);
  const { healthy, at_risk: atRisk, breached, no_data: noData } = byStatus.counts;
  print(`demo: ${dependencies} dependencies; SLOs ${healthy} healthy, ${atRisk} at risk, ${breached} breached (out of SLO), ${noData} no data`);
}
