import { rankFuzzy } from "@/domain/search/fuzzy-match.ts";
import { AppError } from "@/server/http/problem.ts";
import { expireDueInOrganization } from "./expire-deploy-requests.ts";
import type { TDeployRequestListQuery, TDeployRequestSummary } from "./gate.schemas.ts";
import { listDeployRequestRows } from "./gate.repository.ts";
import { listServiceNames } from "./gate-service-names.repository.ts";
import { findDecidableTeams } from "./get-waiting-for-person.ts";
import { toDeployRequestSummary } from "./to-deploy-request-dto.ts";

/** A search matches at most this many services: "pay" should find payments and payment-gateway, not half the catalog. */
const MAX_SEARCH_SERVICES = 20;

/**
 * /deploys and GET /api/v1/deploy-requests: newest first, filtered by service (exact slug,
 * or `q`: fuzzy over names and slugs), team (owner or asked) and status; `for=me` keeps the
 * pending requests the viewing person may decide (the same rule as deciding).
 * `viewerPersonId` is null for API tokens, which are nobody.
 */
export async function listDeployRequests(
  organizationId: string,
  query: TDeployRequestListQuery,
  now: Date = new Date(),
  viewerPersonId: string | null = null,
): Promise<TDeployRequestSummary[]> {
  // Expire what is due first, so a status filter never shows an overdue request as pending.
  await expireDueInOrganization(organizationId, now);
  let serviceSlugs: string[] | undefined;
  if (query.q) {
    const services = await listServiceNames(organizationId);
    serviceSlugs = rankFuzzy(query.q, services, (service) => [service.slug, service.name], MAX_SEARCH_SERVICES).map((service) => service.slug);
    if (serviceSlugs.length === 0) return [];
  }
  let pendingApprovalOfTeamIds: string[] | undefined;
  if (query.for === "me") {
    if (viewerPersonId === null) {
      throw new AppError(400, "for=me needs a person", "for=me lists the requests waiting for the signed-in person; an API token is not a person. Filter by team instead (team=<slug>).");
    }
    pendingApprovalOfTeamIds = (await findDecidableTeams(organizationId, viewerPersonId)).map((team) => team.id);
  }
  const rows = await listDeployRequestRows(organizationId, {
    ...(query.service ? { serviceSlug: query.service } : {}),
    ...(serviceSlugs ? { serviceSlugs } : {}),
    ...(query.team ? { teamSlug: query.team } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(pendingApprovalOfTeamIds ? { pendingApprovalOfTeamIds } : {}),
    limit: query.limit,
  });
  return rows.map((row) => toDeployRequestSummary(row, now));
}
