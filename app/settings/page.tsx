import type { Metadata } from "next";
import Link from "next/link";
import { SettingsClusters } from "@/app/components/settings-clusters.tsx";
import { withLoadedAt } from "@/app/components/with-loaded-at.ts";
import { getRequestOrganization } from "@/server/identity/get-request-organization.ts";
import { listClusters } from "@/server/workloads/list-clusters.ts";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const organization = await getRequestOrganization();
  const { data: clusters, loadedAt } = await withLoadedAt(listClusters(organization.id));
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Settings</h1>
          <p className="subtitle">Where {organization.name}&apos;s catalog comes from, and whether it is up to date.</p>
        </div>
        <nav aria-label="Settings sections">
          <Link href="/settings/members">Members →</Link> <Link href="/settings/integrations">Integrations →</Link> <Link href="/settings/email">E-mail →</Link> <Link href="/settings/tokens">API tokens →</Link>{" "}
          <Link href="/settings/telemetry">Telemetry coverage →</Link> <Link href="/settings/system">System →</Link>
        </nav>
      </div>
      <SettingsClusters initialClusters={clusters} renderedAt={loadedAt} />
    </>
  );
}
