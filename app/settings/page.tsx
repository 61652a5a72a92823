import type { Metadata } from "next";
import { SettingsClusters } from "@/app/components/settings-clusters.tsx";
import { withLoadedAt } from "@/app/components/with-loaded-at.ts";
import { getRequestOrganization } from "@/server/identity/get-request-organization.ts";
import { listClusters } from "@/server/workloads/list-clusters.ts";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Clusters · Settings" };

export default async function SettingsPage() {
  const organization = await getRequestOrganization();
  const { data: clusters, loadedAt } = await withLoadedAt(listClusters(organization.id));
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Clusters</h1>
          <p className="subtitle">Where {organization.name}&apos;s catalog comes from, and whether it is up to date.</p>
        </div>
      </div>
      <SettingsClusters initialClusters={clusters} renderedAt={loadedAt} />
    </>
  );
}
