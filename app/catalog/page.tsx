import type { Metadata } from "next";
import Link from "next/link";
import { TeamLink } from "@/app/components/team-link.tsx";
import { listCatalogEntries } from "@/server/catalog/get-catalog-entry.ts";
import { getRequestOrganization } from "@/server/identity/get-request-organization.ts";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Catalog" };

const SECTIONS = [
  { kind: "api", title: "APIs" },
  { kind: "resource", title: "Resources" },
  { kind: "domain", title: "Domains" },
] as const;

/** APIs, Resources and Domains: the Backstage entities that are not services or teams. */
export default async function CatalogPage() {
  const organization = await getRequestOrganization();
  const entries = await listCatalogEntries(organization.id);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Catalog</h1>
          <p className="subtitle">APIs, infrastructure and domains declared in the catalog.</p>
        </div>
      </div>
      {SECTIONS.map(({ kind, title }) => {
        const rows = entries.filter((entry) => entry.kind === kind);
        return (
          <section className="section" aria-labelledby={`${kind}-heading`} key={kind}>
            <div className="section-header">
              <h2 id={`${kind}-heading`}>
                {title} <span className="count">{rows.length}</span>
              </h2>
            </div>
            {rows.length === 0 ? (
              <p className="muted">None declared.</p>
            ) : (
              <div className="table-wrap" role="region" aria-label={title} tabIndex={0}>
                <table className="data">
                  <thead>
                    <tr>
                      <th>Name</th>
                      <th>Type</th>
                      <th>Owner</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((entry) => (
                      <tr key={entry.slug}>
                        <td>
                          <Link href={`/catalog/${kind}/${encodeURIComponent(entry.slug)}`}>{entry.name}</Link>
                        </td>
                        <td>{entry.type ?? <span className="muted">—</span>}</td>
                        <td>
                          {entry.ownerTeam === null && entry.unresolvedOwnerRef ? (
                            <span className="badge badge-at_risk">Unknown owner: {entry.unresolvedOwnerRef}</span>
                          ) : (
                            <TeamLink team={entry.ownerTeam} />
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}
    </>
  );
}
