"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useOptimistic, useTransition } from "react";
import type { TServiceListQuery, TServiceSort, TServiceSummary, TTeamSummary } from "@/server/catalog/catalog.schemas.ts";
import { EmptyState } from "./empty-state.tsx";
import { fetchJson } from "./fetch-json.ts";
import { LiveIndicator } from "./live-indicator.tsx";
import { ServiceFilters } from "./service-filters.tsx";
import { isServiceListFiltered, nextSort, toServiceListSearch } from "./service-list-query.ts";
import { ServiceTable } from "./service-table.tsx";

const REFRESH_MS = 15_000;

/**
 * The services table with its filters. The URL is the state: every change is a
 * router.replace, the server page re-renders with the new query and hands its result
 * in as `initialServices`, and react-query keeps that result fresh from the API.
 */
export function ServiceList({
  query,
  initialServices,
  renderedAt,
  teams,
  catalogServiceCount,
}: {
  query: TServiceListQuery;
  initialServices: TServiceSummary[];
  renderedAt: number;
  teams: TTeamSummary[];
  catalogServiceCount: number;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [isPending, startTransition] = useTransition();
  // Controls show the chosen value at once, while the server renders the new list.
  const [shownQuery, setShownQuery] = useOptimistic(query);

  const search = toServiceListSearch(query);
  const services = useQuery({
    queryKey: ["services", search],
    queryFn: ({ signal }) =>
      fetchJson<{ services: TServiceSummary[] }>(`/api/v1/services${search ? `?${search}` : ""}`, signal).then(
        (body) => body.services,
      ),
    initialData: initialServices,
    initialDataUpdatedAt: renderedAt,
    refetchInterval: REFRESH_MS,
  });

  function navigate(next: TServiceListQuery) {
    const nextSearch = toServiceListSearch(next);
    startTransition(() => {
      setShownQuery(next);
      router.replace(nextSearch ? `${pathname}?${nextSearch}` : pathname, { scroll: false });
    });
  }

  const onChange = (patch: Partial<TServiceListQuery>) => navigate({ ...shownQuery, ...patch });
  const onSort = (column: TServiceSort) => navigate({ ...shownQuery, ...nextSort(shownQuery, column) });
  const clearFilters = () => navigate({ sort: shownQuery.sort, order: shownQuery.order });

  const rows = services.data;
  const isFiltered = isServiceListFiltered(query);
  const count = rows.length;

  return (
    <div className="card">
      <div className="toolbar" role="search">
        <ServiceFilters query={shownQuery} teams={teams} onChange={onChange} />
        <div className="toolbar-meta">
          <span aria-live="polite">
            {isPending ? "Updating…" : `${count} ${count === 1 ? "service" : "services"}`}
          </span>
          <LiveIndicator updatedAt={services.dataUpdatedAt} isFetching={services.isFetching} error={services.error} />
        </div>
      </div>
      <div className={isPending ? "is-updating" : undefined}>
        {count > 0 ? (
          <ServiceTable
            services={rows}
            caption="Services in the catalog"
            sorting={{ sort: shownQuery.sort, order: shownQuery.order, onSort }}
          />
        ) : isFiltered && catalogServiceCount > 0 ? (
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

function describeFilters(query: TServiceListQuery, teams: TTeamSummary[]): string {
  const parts: string[] = [];
  if (query.q) parts.push(`matching “${query.q}”`);
  if (query.team) parts.push(`owned by ${teams.find((team) => team.slug === query.team)?.name ?? query.team}`);
  if (query.tier !== undefined) parts.push(`in tier ${query.tier}`);
  return `No services ${parts.join(", ")}.`;
}
