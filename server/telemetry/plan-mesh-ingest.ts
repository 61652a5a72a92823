import { parseWindowName, telemetryWindows, windowSeconds, type WindowName } from "@/domain/telemetry/telemetry-windows.ts";
import { findSloTelemetryNeeds } from "./telemetry.repository.ts";

/**
 * What a round must measure for the organization's SLOs: the alert windows plus every
 * SLO window in use (28d unless an SLO says otherwise), and the latency thresholds of
 * its latency SLOs (thresholds need a bucket boundary in the mesh's histogram).
 */
export async function planMeshIngest(organizationId: string): Promise<{ windows: WindowName[]; latencyThresholdsMs: number[] }> {
  const needs = await findSloTelemetryNeeds(organizationId);
  const windows = new Set<WindowName>(telemetryWindows());
  for (const days of needs.windowDays) {
    try {
      windows.add(parseWindowName(`${days}d`));
    } catch {
      // An SLO window beyond what telemetry can answer (over 90 days): the SLO reports no data.
    }
  }
  return {
    windows: [...windows].sort((a, b) => windowSeconds(a) - windowSeconds(b)),
    latencyThresholdsMs: [...needs.latencyThresholdsMs].sort((a, b) => a - b),
  };
}
