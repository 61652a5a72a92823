import { upsertCluster } from "./workloads.repository.ts";

/** The cluster's row (created on first sight), whose id keys its workloads. */
export function registerCluster(organizationId: string, name: string): Promise<{ id: string }> {
  return upsertCluster(organizationId, name);
}
