"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useOptimistic, useTransition } from "react";
import type { TServiceListQuery, TServicePage, TServicePageQuery, TServiceSort, TTeamOption } from "@/server/catalog/catalog.schemas.ts";
import { EmptyState } from "./empty-state.tsx";
import { fetchJson } from "./fetch-json.ts";
import { LiveIndicator } from "./live-indicator.tsx";
import { ServiceFilters } from "./service-filters.tsx";
import { isServiceListFiltered, nextSort, toServiceListSearch } from "./service-list-query.ts";
import { ServiceTable } from "./service-table.tsx";

const REFRESH_MS = 15_000;

/**
 * One page of the services table with its filters. The URL is the state (filters, sort
 * and the page's cursor): every change is a router.push, the server page re-renders
 * with the new query and hands its page in as `initialPage`, and react-query keeps that
 * one page fresh from the API (never the whole catalog).
 */
export function ServiceList({
  query,
  initialPage,
  renderedAt,
  teams,
  catalogHasServices,
}: {
  query: TServicePageQuery;
  initialPage: TServicePage;
  renderedAt: number;
  teams: TTeamOption[];
  /** The organization has services (archived too): an empty filtered page is "no match", not "empty catalog". */
  catalogHasServices: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [isPending, startTransition] = useTransition();
  // Controls show the chosen value at once, while the server renders the new list.
  const [shownQuery, setShownQuery] = useOptimistic(query);

  const search = toServiceListSearch(query);
  const services = useQuery({
    queryKey: ["services", search],
    queryFn: ({ signal }) => fetchJson<TServicePage>(`/api/v1/services${search ? `?${search}` : ""}`, signal),
    initialData: initialPage,
    initialDataUpdatedAt: renderedAt,
    refetchInterval: REFRESH_MS,
  });

  function navigate(next: TServicePageQuery) {
    const nextSearch = toServiceListSearch(next);
    startTransition(() => {
      setShownQuery(next);
      // push, not replace: Back undoes a filter, sort or page change like any other step.
      router.push(nextSearch ? `${pathname}?${nextSearch}` : pathname, { scroll: false });
    });
  }

  // A new filter or sort starts again from the first page: a cursor only fits the ordering it came from.
  const onChange = (patch: Partial<TServiceListQuery>) => navigate({ ...shownQuery, ...patch, cursor: undefined });
  const onSort = (column: TServiceSort) => navigate({ ...shownQuery, ...nextSort(shownQuery, column), cursor: undefined });
  const clearFilters = () => navigate({ sort: shownQuery.sort, order: shownQuery.order, limit: shownQuery.limit });
  const nextPage = services.data.nextCursor;

  const rows = services.data.services;
  const isFiltered = isServiceListFiltered(query);
  const total = services.data.total;
  const count = rows.length;

  return (
    <div className="card">
      <div className="toolbar" role="search">
        <ServiceFilters query={shownQuery} teams={teams} onChange={onChange} />
        <div className="toolbar-meta">
          <span aria-live="polite">
            {isPending
              ? "Updating…"
              : count < total
                ? `${count} of ${total.toLocaleString("en")} services`
                : `${total} ${total === 1 ? "service" : "services"}`}
          </span>
          <LiveIndicator updatedAt={services.dataUpdatedAt} isFetching={services.isFetching} error={services.error} />
        </div>
      </div>
      <div className={isPending ? "is-updating" : undefined}>
        {count > 0 ? (
          <>
            <ServiceTable
              services={rows}
              caption="Services in the catalog"
              sorting={{ sort: shownQuery.sort, order: shownQuery.order, onSort }}
            />
            {query.cursor || nextPage ? (
              <nav className="pagination" aria-label="Pages of services">
                {query.cursor ? (
                  <button type="button" className="button" onClick={() => navigate({ ...shownQuery, cursor: undefined })}>
                    First page
                  </button>
                ) : null}
                {nextPage ? (
                  <button type="button" className="button" onClick={() => navigate({ ...shownQuery, cursor: nextPage })}>
                    Next page
                  </button>
                ) : null}
              </nav>
            ) : null}
          </>
        ) : isFiltered && catalogHasServices ? (
          <EmptyState
            title="No services match these filters"
            action={
              <button type="button" className="button" onClick={clearFilters}>
                Clear filters
              </button>
            }
          >
            {describeFilters(query, teams)}
          </EmptyState>
        ) : (
          <EmptyState title="The catalog is empty">
            Import a Backstage catalog: <code>npm run plumbline -- import ./catalog-info.yaml</code>
          </EmptyState>
        )}
      </div>
    </div>
  );
}

function describeFilters(query: TServicePageQuery, teams: TTeamOption[]): string {
  const parts: string[] = [];
  if (query.q) parts.push(`matching “${query.q}”`);
  if (query.team) parts.push(`owned by ${teams.find((team) => team.slug === query.team)?.name ?? query.team}`);
  if (query.tier !== undefined) parts.push(`in tier ${query.tier}`);
  if (query.status) parts.push(query.status === "none" ? "without SLOs" : `whose worst SLO is ${query.status.replace("_", " ")}`);
  if (query.stale) parts.push(query.stale === "true" ? "that are stale" : "that are not stale");
  if (query.archived === "true") parts.push("in the archive");
  return `No services ${parts.join(", ")}.`;
}
