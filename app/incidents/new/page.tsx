import type { Metadata } from "next";
import Link from "next/link";
import { ReportIncidentForm } from "@/app/components/report-incident-form.tsx";
import { isIncidentKind } from "@/domain/incidents/incident-kinds.ts";
import { getRequestOrganization } from "@/server/identity/get-request-organization.ts";
import { listFormOptions } from "@/server/incidents/list-form-options.ts";
import { reportIncidentAction } from "@/app/incidents/actions.ts";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Report incident or near miss" };

type TSearchParams = Record<string, string | string[] | undefined>;

/** One required field: what happened. The service (from a service page's button) and kind come prefilled. */
export default async function NewIncidentPage({ searchParams }: { searchParams: Promise<TSearchParams> }) {
  const organization = await getRequestOrganization();
  const params = await searchParams;
  const service = typeof params.service === "string" ? params.service : undefined;
  const kind = typeof params.kind === "string" && isIncidentKind(params.kind) ? params.kind : "SEV3";
  const { services } = await listFormOptions(organization.id);
  const known = service ? services.find((item) => item.slug === service) : undefined;
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/incidents">Incidents</Link> / <span>Report</span>
      </nav>
      <div className="page-header">
        <div>
          <h1>Report an incident or near miss</h1>
          <p className="subtitle">One sentence is enough. Everything else can be added later, by you or anyone.</p>
        </div>
      </div>
      <div className="card">
        <ReportIncidentForm
          action={reportIncidentAction}
          defaultKind={kind}
          service={known ? { slug: known.slug, name: known.name } : null}
          serviceOptions={services}
        />
      </div>
    </>
  );
}
