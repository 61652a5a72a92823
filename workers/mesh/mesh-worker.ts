import { getConfig } from "@/server/config/get-config.ts";
import { createMeshSourceProvider } from "@/server/telemetry/create-mesh-source-provider.ts";
import { readMeshTelemetryConfig } from "@/server/telemetry/mesh-telemetry-config.ts";
import { runMeshIngestRound } from "@/server/telemetry/run-mesh-ingest-round.ts";
import { runOrganizationMeshRounds, type TOrganizationProviderCache } from "@/server/telemetry/run-organization-mesh-rounds.ts";
import { ensureDefaultOrganization } from "@/server/identity/default-organization.ts";
import { runPeriodic } from "@/workers/run-periodic.ts";
import type { TWorkerDefinition } from "@/workers/worker-definition.ts";

/**
 * Mesh telemetry: every PLUMBLINE_MESH_INTERVAL (15 s) asks Prometheus for edges and SLI
 * counts and writes them (server/telemetry/ingest-mesh-telemetry.ts): for the default
 * organization the environment's Prometheus (or, in demo mode without PROMETHEUS_URL, the
 * simulator); for every other organization the Prometheus it configured on
 * /settings/integrations. Always on, since any organization may add one. The first round
 * runs right at start.
 */
export const meshWorker: TWorkerDefinition = {
  name: "mesh",
  isEnabled() {
    return true;
  },
  async start(ctx) {
    const config = readMeshTelemetryConfig(getConfig(), ctx.demo);
    const envSource = config.source;
    const provider =
      envSource.kind === "none"
        ? null
        : createMeshSourceProvider(envSource, {
            onWarnings: (warnings, query) => ctx.log.warn({ warnings, query }, "Prometheus answered with warnings"),
          });
    const organizationProviders: TOrganizationProviderCache = new Map();
    const rateRange = config.source.kind === "prometheus" ? config.source.rateRange : getConfig().mesh.rateRange;
    ctx.log.info({ source: envSource.kind, everyMs: config.intervalMs }, "mesh telemetry worker started");
    return runPeriodic(ctx, {
      name: "mesh-telemetry",
      everyMs: config.intervalMs,
      run: async () => {
        // The environment configures the default organization; its own integration (if any) does not override it.
        const defaultOrganization = provider ? await ensureDefaultOrganization() : null;
        if (provider) await runMeshIngestRound(provider, { edgeGoneAfterMs: config.edgeGoneAfterMs, log: ctx.log });
        await runOrganizationMeshRounds(organizationProviders, {
          rateRange,
          edgeGoneAfterMs: config.edgeGoneAfterMs,
          log: ctx.log,
          ...(defaultOrganization ? { skipOrganizationId: defaultOrganization.id } : {}),
        });
      },
    });
  },
};
