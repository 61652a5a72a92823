import { effectiveStatus } from "@/domain/gate/deploy-status.ts";
import { notFound } from "@/server/http/problem.ts";
import { expireDeployRequest } from "./expire-deploy-requests.ts";
import type { TDeployRequestRow } from "./gate.repository.ts";
import { findDeployRequestRow } from "./gate.repository.ts";

/** One of the organization's requests (null if it has none with this id), expired first if its time is up. */
export async function findDeployRequestFresh(organizationId: string, id: string, now: Date = new Date()): Promise<TDeployRequestRow | null> {
  const row = await findDeployRequestRow(organizationId, id);
  if (!row) return null;
  if (row.status === "pending" && effectiveStatus(row.status, row.expiresAt, now) === "expired") {
    await expireDeployRequest(organizationId, id, now);
    return (await findDeployRequestRow(organizationId, id)) ?? row;
  }
  return row;
}

/**
 * Like findDeployRequestFresh, but a missing request is a 404. Another organization's id
 * is a 404 exactly like an id that does not exist: a token must not learn which ids
 * exist elsewhere.
 */
export async function loadDeployRequestRow(organizationId: string, id: string, now: Date = new Date()): Promise<TDeployRequestRow> {
  const row = await findDeployRequestFresh(organizationId, id, now);
  if (!row) {
    throw notFound("Deploy request", `No deploy request "${id}" in this organization. The id comes from POST /api/v1/deploy-requests.`);
  }
  return row;
}
