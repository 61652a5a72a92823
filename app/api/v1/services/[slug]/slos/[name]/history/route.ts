import { notFound } from "@/server/http/problem.ts";
import { json, withApi } from "@/server/http/with-api.ts";
import { getSloHistory } from "@/server/slo/get-slo-history.ts";
import { ZSloHistoryQuery } from "@/server/slo/slo.schemas.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Status snapshots for the burn-down chart: ?range=window (default, hourly points), 48h or 6h. */
export const GET = withApi(ZSloHistoryQuery, async ({ organizationId, params, query }) => {
  const slug = params.slug ?? "";
  const name = params.name ?? "";
  const history = await getSloHistory(organizationId, slug, name, query.range);
  if (history === null) throw notFound("SLO", `${slug} has no SLO named "${name}". GET /api/v1/services/${slug}/slos lists them.`);
  return json(history);
});
