"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import type { TSloOverview, TSloOverviewItem } from "@/server/slo/slo.schemas.ts";
import { fetchJson } from "./fetch-json.ts";
import { formatDateTime, formatRelativeTime } from "./format.ts";
import { LiveIndicator } from "./live-indicator.tsx";
import { formatBudget, formatBurn } from "./slo-format.ts";
import { SloStatusBadge } from "./slo-status-badge.tsx";
import { OUT_OF_SLO_LABEL, presentSloStatus } from "@/domain/slo/slo-status-vocabulary.ts";

const REFRESH_MS = 15_000;

/**
 * The home page's health lists, refreshed every 15 s: SLOs out of SLO now (breached: budget
 * exhausted; domain/slo/slo-status-vocabulary.ts) and those burning their budget fastest over the last
 * hour. Nothing is shown as healthy that was not measured: with no SLOs, or none
 * evaluated yet, the lists say so.
 */
export function SloOverviewLists({ initialOverview, renderedAt }: { initialOverview: TSloOverview; renderedAt: number }) {
  const overview = useQuery({
    queryKey: ["slo-overview"],
    queryFn: ({ signal }) => fetchJson<TSloOverview>("/api/v1/slos/overview", signal),
    initialData: initialOverview,
    initialDataUpdatedAt: renderedAt,
    refetchInterval: REFRESH_MS,
  });
  const data = overview.data;
  const { counts } = data;
  const isEmpty = counts.total === 0;
  const isUnevaluated = !isEmpty && data.evaluatedAt === null;

  return (
    <section className="section" aria-labelledby="health-heading">
      <div className="section-header">
        <h2 id="health-heading">Service health</h2>
        <LiveIndicator updatedAt={overview.dataUpdatedAt} isFetching={overview.isFetching} error={overview.error} />
      </div>
      {isEmpty ? (
        <div className="placeholder-card">
          <p>
            No SLOs are defined yet. Declare them in the catalog (<code>plumbline.dev/slo-availability</code>,{" "}
            <code>plumbline.dev/slo-latency</code>, OpenSLO documents, or a tier) or on a service page. Until then Plumbline
            shows no health figures rather than guessing: a service without SLOs is not the same as a healthy one.
          </p>
        </div>
      ) : (
        <>
          <p className="slo-overview-counts" role="group" aria-label="SLOs by status">
            <span>
              <strong>{counts.total}</strong> SLOs
            </span>
            <StatusCount status="healthy" count={counts.healthy} />
            <StatusCount status="at_risk" count={counts.at_risk} />
            <StatusCount status="breached" count={counts.breached} />
            <StatusCount status="no_data" count={counts.no_data} />
            {data.evaluatedAt ? (
              <span className="muted">
                evaluated <time dateTime={data.evaluatedAt} title={formatDateTime(data.evaluatedAt)} suppressHydrationWarning>{formatRelativeTime(data.evaluatedAt)}</time>
              </span>
            ) : null}
          </p>
          <div className="grid grid-2">
            <OverviewList
              id="out-of-slo"
              title={`${OUT_OF_SLO_LABEL} now`}
              hint={`${presentSloStatus("breached").label}: ${presentSloStatus("breached").meaning.replace(/^Out of SLO: /, "")}`}
              count={counts.breached}
              items={data.outOfSlo}
              empty={isUnevaluated ? "Not evaluated yet: the SLO worker runs every minute." : "No service is out of SLO."}
              metric={(item) => (
                <>
                  <span className={item.budgetRemaining !== null && item.budgetRemaining <= 0 ? "slo-value-bad" : undefined}>
                    {formatBudget(item.budgetRemaining)}
                  </span>
                  <span className="slo-overview-unit">budget left</span>
                </>
              )}
            />
            <OverviewList
              id="burning-fastest"
              title="Burning fastest"
              count={data.burningFastest.length}
              hint="1-hour burn rate; above 1x the budget runs out before the window ends"
              items={data.burningFastest}
              empty={isUnevaluated ? "Not evaluated yet: the SLO worker runs every minute." : "No SLO is burning its budget faster than it allows."}
              metric={(item) => (
                <>
                  <span>{formatBurn(item.burnRate1h)}</span>
                  <span className="slo-overview-unit">over 1 h</span>
                </>
              )}
            />
          </div>
        </>
      )}
    </section>
  );
}

function StatusCount({ status, count }: { status: "healthy" | "at_risk" | "breached" | "no_data"; count: number }) {
  if (count === 0) return null;
  return (
    <span className="slo-overview-count">
      <SloStatusBadge status={status} /> {count}
    </span>
  );
}

function OverviewList({
  id,
  title,
  hint,
  count,
  items,
  empty,
  metric,
}: {
  id: string;
  title: string;
  /** The total (the status counts' figure), which the list may show only the first of. */
  count: number;
  hint: string;
  items: TSloOverviewItem[];
  empty: string;
  metric: (item: TSloOverviewItem) => ReactNode;
}) {
  return (
    <section className="card slo-overview" aria-labelledby={`${id}-heading`} data-testid={id}>
      <div className="card-title">
        <h3 id={`${id}-heading`}>
          {title} <span className="count muted">{count}</span>
        </h3>
        <p className="muted slo-overview-hint">{hint}</p>
      </div>
      {items.length === 0 ? (
        <p className="empty-inline">{empty}</p>
      ) : (
        <ul className="slo-overview-list">
          {items.map((item) => (
            <li key={`${item.service.slug}/${item.slo}`}>
              <Link href={`/services/${encodeURIComponent(item.service.slug)}`} className="slo-overview-link" title={item.statusReason ?? undefined}>
                <span className="slo-overview-name">
                  <span className="primary">{item.service.name}</span>
                  <span className="muted">
                    {item.slo} · {item.service.ownerTeam?.name ?? "no owner team"}
                  </span>
                </span>
                <SloStatusBadge status={item.status} />
                <span className="slo-overview-metric">{metric(item)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
