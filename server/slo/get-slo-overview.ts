import { isOutOfSlo } from "@/domain/slo/slo-status-vocabulary.ts";
import type { TSloOverview, TSloOverviewItem } from "./slo.schemas.ts";
import { countSlosByStatus, findFastestBurningSlos, findOutOfSloSlos, type TOverviewRow } from "./slo.repository.ts";
import { readBurnRates } from "./read-burn-rates.ts";

/** The home page's health lists: what is out of SLO now, and what burns its budget fastest. */
export async function getSloOverview(organizationId: string, limit = 8): Promise<TSloOverview> {
  const [outOfSlo, burning, counts] = await Promise.all([
    findOutOfSloSlos(organizationId, limit),
    findFastestBurningSlos(organizationId, limit),
    countSlosByStatus(organizationId),
  ]);
  const total = Object.values(counts.counts).reduce((sum, count) => sum + count, 0);
  return {
    outOfSlo: outOfSlo.map(toItem),
    burningFastest: burning.map(toItem),
    counts: { total, ...counts.counts },
    evaluatedAt: counts.lastEvaluatedAt?.toISOString() ?? null,
  };
}

function toItem(row: TOverviewRow): TSloOverviewItem {
  const burnRates = readBurnRates(row.burnRates);
  return {
    service: { slug: row.serviceSlug, name: row.serviceName, ownerTeam: row.ownerTeam, tier: row.serviceTier },
    slo: row.name,
    kind: row.kind,
    objective: row.objective,
    status: row.status,
    statusReason: row.statusReason,
    statusSince: row.statusSince?.toISOString() ?? null,
    isOutOfSlo: isOutOfSlo(row.status),
    budgetRemaining: row.budgetRemaining,
    burnRate1h: burnRates["1h"] ?? null,
    burnRate6h: burnRates["6h"] ?? null,
  };
}
