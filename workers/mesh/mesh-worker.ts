import { createMeshSourceProvider } from "../../server/telemetry/create-mesh-source-provider.ts";
import { readMeshTelemetryConfig } from "../../server/telemetry/mesh-telemetry-config.ts";
import { runMeshIngestRound } from "../../server/telemetry/run-mesh-ingest-round.ts";
import { runPeriodic } from "../run-periodic.ts";
import type { TWorkerDefinition } from "../worker-definition.ts";

/**
 * Mesh telemetry: every PLUMBLINE_MESH_INTERVAL (15 s) asks Prometheus — or, in demo
 * mode without PROMETHEUS_URL, the simulator — for edges and SLI counts and writes them
 * (server/telemetry/ingest-mesh-telemetry.ts). The first round runs right at start.
 */
export const meshWorker: TWorkerDefinition = {
  name: "mesh",
  isEnabled(ctx) {
    try {
      return readMeshTelemetryConfig(process.env, ctx.demo).source.kind !== "none";
    } catch {
      // A configuration mistake: start() throws it again, and the worker runner logs it.
      return true;
    }
  },
  async start(ctx) {
    const config = readMeshTelemetryConfig(process.env, ctx.demo);
    if (config.source.kind === "none") throw new Error("mesh worker started without a telemetry source");
    const provider = createMeshSourceProvider(config.source, {
      onWarnings: (warnings, query) => ctx.log.warn({ warnings, query }, "Prometheus answered with warnings"),
    });
    ctx.log.info({ source: config.source.kind, everyMs: config.intervalMs }, "mesh telemetry worker started");
    return runPeriodic(ctx, {
      name: "mesh-telemetry",
      everyMs: config.intervalMs,
      run: async () => {
        await runMeshIngestRound(provider, { edgeGoneAfterMs: config.edgeGoneAfterMs, log: ctx.log });
      },
    });
  },
};
