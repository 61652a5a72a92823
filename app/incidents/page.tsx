import type { Metadata } from "next";
import Link from "next/link";
import { IncidentList } from "@/app/components/incident-list.tsx";
import { NearMissDrafts } from "@/app/components/near-miss-drafts.tsx";
import { INCIDENT_KIND_LABELS, INCIDENT_KINDS } from "@/domain/incidents/incident-kinds.ts";
import { getRequestOrganization } from "@/server/identity/get-request-organization.ts";
import { ZIncidentListQuery } from "@/server/incidents/incidents.schemas.ts";
import { listIncidents } from "@/server/incidents/list-incidents.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Incidents" };

type TSearchParams = Record<string, string | string[] | undefined>;

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<TSearchParams> }) {
  const organization = await getRequestOrganization();
  const params = await searchParams;
  const first = (key: string) => (Array.isArray(params[key]) ? params[key][0] : params[key]) || undefined;
  // A bad filter in a shared link drops the filters, not the page.
  const parsed = ZIncidentListQuery.safeParse({ kind: first("kind"), status: first("status"), service: first("service"), team: first("team") });
  const query = parsed.success ? parsed.data : ZIncidentListQuery.parse({});
  const incidents = await listIncidents(organization.id, { ...query, limit: 100 });
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Incidents and near misses</h1>
          <p className="subtitle">Everything reported, newest first. More reports are a good sign: SEV3s and near misses included.</p>
        </div>
        <div className="incident-inline">
          <Link className="button" href="/learnings">
            Learnings
          </Link>
          <Link className="button button-primary" href="/incidents/new">
            Report incident / near miss
          </Link>
        </div>
      </div>
      <NearMissDrafts />
      <nav className="incident-chips" aria-label="Filter by kind" style={{ marginBottom: 12 }}>
        <Link className="incident-chip" href="/incidents" aria-current={query.kind === undefined ? "page" : undefined}>
          All
        </Link>
        {INCIDENT_KINDS.map((kind) => (
          <Link key={kind} className="incident-chip" href={`/incidents?kind=${kind}`} aria-current={query.kind === kind ? "page" : undefined}>
            {INCIDENT_KIND_LABELS[kind]}
          </Link>
        ))}
      </nav>
      <div className="card">
        <IncidentList incidents={incidents} emptyTitle="Nothing reported yet" empty="Report the first one: a near miss is worth a sentence." />
      </div>
    </>
  );
}
