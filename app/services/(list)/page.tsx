import type { Metadata } from "next";
import { ServiceList } from "@/app/components/service-list.tsx";
import { parseServiceListQuery } from "@/app/components/parse-service-list-query.ts";
import { withLoadedAt } from "@/app/components/with-loaded-at.ts";
import { catalogHasServices } from "@/server/catalog/get-catalog-overview.ts";
import { isServiceCursorFor, listServicePage } from "@/server/catalog/list-services.ts";
import { listTeamOptions } from "@/server/catalog/list-teams.ts";
import { getRequestOrganization } from "@/server/identity/get-request-organization.ts";

// This page lives in the (list) route group so its loading.tsx does not wrap
// /services/[slug]: a streamed page cannot change its status, and unknown services
// must answer a real 404.

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Services" };

export default async function ServicesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const organization = await getRequestOrganization();
  const parsed = parseServiceListQuery(await searchParams);
  const problems = [...parsed.problems];
  let query = parsed.query;
  if (query.cursor && !isServiceCursorFor(query.cursor, query)) {
    problems.push("cursor: this page link is from another sort order; showing the first page");
    query = { ...query, cursor: undefined };
  }
  const [{ data: page, loadedAt }, teams] = await Promise.all([withLoadedAt(listServicePage(organization.id, query)), listTeamOptions(organization.id)]);
  // Only an empty page asks whether the catalog has services at all (the whole catalog
  // overview counted every dependency, 100,000 edges at scale, for this one answer).
  const hasServices = page.total > 0 || (await catalogHasServices(organization.id));

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Services</h1>
          <p className="subtitle">Everything your teams run, who owns it, and who depends on it.</p>
        </div>
      </div>
      {problems.length > 0 ? (
        <div className="callout callout-warning page-callout" role="status">
          <h2>Some filters in this link were ignored</h2>
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ServiceList
        query={query}
        initialPage={page}
        renderedAt={loadedAt}
        teams={teams}
        catalogHasServices={hasServices}
      />
    </>
  );
}
