import type { Metadata } from "next";
import Link from "next/link";
import { SloOverviewLists } from "@/app/components/slo-overview-lists.tsx";
import { ImportAccountingTable } from "@/app/components/import-accounting-table.tsx";
import { StatCard } from "@/app/components/stat-card.tsx";
import { withLoadedAt } from "@/app/components/with-loaded-at.ts";
import { formatDateTime } from "@/app/components/format.ts";
import { NearMissDrafts } from "@/app/components/near-miss-drafts.tsx";
import { getCatalogOverview } from "@/server/catalog/get-catalog-overview.ts";
import { getSloOverview } from "@/server/slo/get-slo-overview.ts";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";
import { WaitingForYou } from "@/app/components/waiting-for-you.tsx";
import { getWaitingForPerson } from "@/server/gate/get-waiting-for-person.ts";
import { decideApprovalAction } from "@/app/deploys/[id]/actions.ts";

export const dynamic = "force-dynamic";

// The layout's default ("Plumbline") would not say which page this is among several tabs;
// a page in the layout's own segment does not get its title template, hence absolute.
export const metadata: Metadata = { title: { absolute: "Home · Plumbline" } };

export default async function HomePage() {
  const { organization, actor } = await getRequestContext();
  const [overview, { data: sloOverview, loadedAt }, waiting] = await Promise.all([
    getCatalogOverview(organization.id),
    withLoadedAt(getSloOverview(organization.id)),
    getWaitingForPerson(organization.id, actor.personId, { limit: 10 }),
  ]);
  const lastImport = overview.lastImport;

  return (
    <>
      <div className="page-header">
        <div>
          <h1>{organization.name}</h1>
          <p className="subtitle">Your service catalog at a glance.</p>
        </div>
      </div>

      <WaitingForYou waiting={waiting} action={decideApprovalAction} />

      <div className="grid grid-3">
        <StatCard label="Services" value={overview.serviceCount} href="/services" hint="In the catalog" />
        <StatCard label="Teams" value={overview.teamCount} href="/teams" hint="Owning services" />
        <StatCard label="Dependencies" value={overview.edgeCount} hint="Services calling services, declared or observed" />
      </div>

      <NearMissDrafts />

      <SloOverviewLists initialOverview={sloOverview} renderedAt={loadedAt} />

      <div className="grid grid-2 section">
        <section className="card" aria-labelledby="import-heading">
          <div className="card-body">
            <h2 id="import-heading">Last catalog import</h2>
            {lastImport === null ? (
              <p className="muted card-text">
                No catalog imported yet. Import a Backstage catalog:{" "}
                <code>npm run plumbline -- import ./catalog-info.yaml</code>
              </p>
            ) : (
              <dl className="facts">
                <div className="fact">
                  <dt>Source</dt>
                  <dd className="mono">{lastImport.origin}</dd>
                </div>
                <div className="fact">
                  <dt>Finished</dt>
                  <dd>
                    {lastImport.finishedAt ? (
                      <time dateTime={lastImport.finishedAt} suppressHydrationWarning>
                        {formatDateTime(lastImport.finishedAt)}
                      </time>
                    ) : (
                      <span className="muted">Still running</span>
                    )}
                  </dd>
                </div>
                <div className="fact">
                  <dt>Result</dt>
                  <dd>
                    {lastImport.succeeded ? (
                      <span className="badge badge-healthy">Succeeded</span>
                    ) : (
                      <span className="badge badge-breached">Failed</span>
                    )}
                  </dd>
                </div>
                <div className="fact">
                  <dt>Problems</dt>
                  <dd>
                    {lastImport.problemCount === 0 ? (
                      "None"
                    ) : (
                      <span className="badge badge-at_risk">
                        {lastImport.problemCount} {lastImport.problemCount === 1 ? "problem" : "problems"}
                      </span>
                    )}
                  </dd>
                </div>
              </dl>
            )}
            {lastImport?.accounting ? <ImportAccountingTable accounting={lastImport.accounting} /> : null}
          </div>
        </section>

        <section className="card" aria-labelledby="quick-links-heading">
          <h2 id="quick-links-heading" className="card-title">
            Quick links
          </h2>
          <ul className="quick-links">
            <li>
              <Link href="/services">
                All services <span className="hint">Search, filter by team or tier</span>
              </Link>
            </li>
            <li>
              <Link href="/services?tier=1">
                Tier 1 services <span className="hint">The most critical</span>
              </Link>
            </li>
            <li>
              <Link href="/services?sort=dependents&order=desc">
                Most depended-on <span className="hint">Largest blast radius first</span>
              </Link>
            </li>
            <li>
              <Link href="/teams">
                Teams <span className="hint">Owners, members and Slack channels</span>
              </Link>
            </li>
          </ul>
        </section>
      </div>

    </>
  );
}
