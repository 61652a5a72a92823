import { expireDueInOrganization } from "./expire-deploy-requests.ts";
import type { TDeployRequestListQuery, TDeployRequestSummary } from "./gate.schemas.ts";
import { listDeployRequestRows } from "./gate.repository.ts";
import { toDeployRequestSummary } from "./to-deploy-request-dto.ts";

/** /deploys and GET /api/v1/deploy-requests: newest first, filtered by service, team (owner or asked) and status. */
export async function listDeployRequests(organizationId: string, query: TDeployRequestListQuery, now: Date = new Date()): Promise<TDeployRequestSummary[]> {
  // Expire what is due first, so a status filter never shows an overdue request as pending.
  await expireDueInOrganization(organizationId, now);
  const rows = await listDeployRequestRows(organizationId, {
    ...(query.service ? { serviceSlug: query.service } : {}),
    ...(query.team ? { teamSlug: query.team } : {}),
    ...(query.status ? { status: query.status } : {}),
    limit: query.limit,
  });
  return rows.map((row) => toDeployRequestSummary(row, now));
}
