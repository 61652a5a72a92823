import type { TDemoMeshModel } from "./build-demo-mesh-model.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Extra errors on one service's inbound requests for a span of simulated time. */
export interface TDemoFault {
  serviceSlug: string;
  /** Added to the service's baseline error rate while active (the sum is capped at 1). */
  errorRate: number;
  /** Simulated epoch milliseconds; `endMs` is exclusive. */
  startMs: number;
  endMs: number;
  label: string;
}

// Preferred services of the example catalog; any other catalog gets a seeded pick.
const ELEVATED_CANDIDATES = ["recommendations", "search", "reviews"];
const INCIDENT_CANDIDATES = ["inventory", "payments", "checkout"];

/** Burn rate of the ongoing elevation: above both ticket alerts (1d/2h at 3, 3d/6h at 1), below the page alerts (6, 14.4). */
const ELEVATED_BURN_RATE = 3.3;
/** Share of the 28-day budget the past incident spends (baseline errors add ~5–10 % more). */
const INCIDENT_BUDGET_SHARE = 0.68;
const INCIDENT_DURATION_MS = 3 * HOUR_MS;
const BUDGET_WINDOW_MS = 28 * DAY_MS;

/**
 * The demo's story, anchored at `epochMs` (when the demo organization was created, so it
 * survives restarts): one service burning its budget slightly too fast since 30 hours
 * before the demo started and for four days (a ticket, not a page), and one that had a
 * 3-hour incident six days earlier which spent most of its 28-day budget. Honest about
 * being made up: every fault carries a label saying so.
 */
export function demoEpisodes(model: TDemoMeshModel, epochMs: number): TDemoFault[] {
  const withTraffic = [...model.services.values()].filter((s) => s.inboundRps > 0);
  const choose = (preferred: readonly string[], tier: number, exclude: string | null) =>
    preferred.find((slug) => slug !== exclude && (model.services.get(slug)?.inboundRps ?? 0) > 0) ??
    withTraffic
      .filter((s) => s.slug !== exclude && (s.tier ?? 1) === tier)
      .sort((a, b) => (a.slug < b.slug ? -1 : 1))[0]?.slug ??
    null;

  const faults: TDemoFault[] = [];
  const elevated = choose(ELEVATED_CANDIDATES, 2, null);
  const elevatedModel = elevated ? model.services.get(elevated) : undefined;
  if (elevated && elevatedModel) {
    faults.push({
      serviceSlug: elevated,
      errorRate: ELEVATED_BURN_RATE * elevatedModel.errorBudgetRatio,
      startMs: epochMs - 30 * HOUR_MS,
      endMs: epochMs + 4 * DAY_MS,
      label: "demo: slightly elevated errors (ticket-level burn)",
    });
  }
  const incident = choose(INCIDENT_CANDIDATES, 1, elevated);
  const incidentModel = incident ? model.services.get(incident) : undefined;
  if (incident && incidentModel) {
    const startMs = epochMs - 6 * DAY_MS;
    faults.push({
      serviceSlug: incident,
      errorRate: Math.min(1, (INCIDENT_BUDGET_SHARE * incidentModel.errorBudgetRatio * BUDGET_WINDOW_MS) / INCIDENT_DURATION_MS),
      startMs,
      endMs: startMs + INCIDENT_DURATION_MS,
      label: "demo: past incident (most of the 28-day budget spent)",
    });
  }
  return faults;
}
