"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import Link from "next/link";
import type { TFactProvenance, TServiceDetail } from "@/server/catalog/catalog.schemas.ts";
import { EmptyState } from "./empty-state.tsx";
import { CatalogEntryList } from "./catalog-entry-link.tsx";
import { Fact } from "./fact.tsx";
import { ApiError, fetchJson } from "./fetch-json.ts";
import { formatRepoLabel, formatSlackChannel } from "./format.ts";
import { LiveIndicator } from "./live-indicator.tsx";
import { MeshDemoFaultPanel } from "./mesh-demo-fault-panel.tsx";
import { MeshTelemetryBanner } from "./mesh-telemetry-banner.tsx";
import { ServiceStalenessBanner } from "./service-staleness-banner.tsx";
import { RelationsTable } from "./relations-table.tsx";
import { ServiceHistory } from "./service-history.tsx";
import { ServiceWorkloads } from "./service-workloads.tsx";
import { SloSection } from "./slo-section.tsx";
import { SloStatusBadge } from "./slo-status-badge.tsx";
import { TeamLink } from "./team-link.tsx";
import { TierBadge } from "./tier-badge.tsx";
import { WarningsCallout } from "./warnings-callout.tsx";

const REFRESH_MS = 15_000;

/** Provenance is keyed by field name; accept the column name and the DTO name alike. */
function provenanceFor(provenance: Record<string, TFactProvenance>, ...fields: string[]): TFactProvenance | undefined {
  for (const field of fields) {
    const found = provenance[field];
    if (found) return found;
  }
  return undefined;
}

/** The service page: header facts, dependencies, dependents, and what later capabilities add. */
export function ServiceDetailView({
  initialService,
  renderedAt,
  actions,
  incidentsPanel = null,
}: {
  initialService: TServiceDetail;
  renderedAt: number;
  /** Buttons beside the title (follow). */
  actions?: ReactNode;
  /** Open incidents and action items, rendered by the page. */
  incidentsPanel?: ReactNode;
}) {
  const slug = initialService.slug;
  const detail = useQuery({
    queryKey: ["service", slug],
    queryFn: ({ signal }) => fetchJson<TServiceDetail>(`/api/v1/services/${encodeURIComponent(slug)}`, signal),
    initialData: initialService,
    initialDataUpdatedAt: renderedAt,
    refetchInterval: REFRESH_MS,
    // A 404 means the service left the catalog; retrying will not bring it back.
    retry: (failureCount, error) => !(error instanceof ApiError && error.status === 404) && failureCount < 1,
  });
  const service = detail.data;
  const isGone = detail.error instanceof ApiError && detail.error.status === 404;
  const p = service.provenance;

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/services">Services</Link> / <span>{service.name}</span>
      </nav>
      <div className="page-header">
        <div>
          <div className="title-row">
            <h1>{service.name}</h1>
            <TierBadge tier={service.tier} />
            <SloStatusBadge status={service.sloStatus} />
          </div>
          <div className="slug">{service.slug}</div>
          {service.description ? <p className="description">{service.description}</p> : null}
        </div>
        {actions}
        <LiveIndicator
          updatedAt={detail.dataUpdatedAt}
          isFetching={detail.isFetching}
          error={isGone ? null : detail.error}
        />
      </div>

      {isGone ? (
        <div className="callout callout-error page-callout" role="alert">
          <h2>This service is no longer in the catalog</h2>
          The page shows its last known state. <Link href="/services">Back to services</Link>
        </div>
      ) : null}

      <WarningsCallout warnings={service.warnings} />
      <MeshTelemetryBanner telemetry={service.telemetry} />
      <ServiceStalenessBanner slug={service.slug} staleness={service.staleness} archived={service.archived} />

      {incidentsPanel}

      <section className="card section" aria-label="About this service">
        <dl className="facts">
          <Fact label={service.ownerTeam?.personEmail ? "Owner" : "Owner team"} provenance={provenanceFor(p, "ownerTeam", "owner", "ownerTeamId")}>
            {service.ownerTeam === null && p["owner"]?.unresolvedRef ? (
              <span className="badge badge-at_risk" title="The catalog names an owner that does not exist; see the warning above">
                Unknown owner: <span className="mono">{p["owner"].unresolvedRef}</span>
              </span>
            ) : (
              <TeamLink team={service.ownerTeam} />
            )}
          </Fact>
          <Fact label="Tier" provenance={provenanceFor(p, "tier")}>
            {service.tier === null ? <span className="muted">Not set</span> : `Tier ${service.tier}`}
          </Fact>
          <Fact label="Lifecycle" provenance={provenanceFor(p, "lifecycle")}>
            {service.lifecycle ?? <span className="muted">Not set</span>}
          </Fact>
          <Fact label="System" provenance={provenanceFor(p, "system", "systemId")}>
            {service.system ?? <span className="muted">Not set</span>}
          </Fact>
          <Fact label="Type" provenance={provenanceFor(p, "type")}>
            {service.type ?? <span className="muted">Not set</span>}
          </Fact>
          <Fact label="Repository" provenance={provenanceFor(p, "repoUrl", "repo")}>
            {service.repoUrl ? (
              <ExternalLink href={service.repoUrl} label={formatRepoLabel(service.repoUrl)} />
            ) : (
              <span className="muted">Not set</span>
            )}
          </Fact>
          <Fact label="Runbook" provenance={provenanceFor(p, "runbookUrl", "runbook")}>
            {service.runbookUrl ? (
              <ExternalLink href={service.runbookUrl} label="Open runbook" />
            ) : (
              <span className="muted">No runbook linked</span>
            )}
          </Fact>
          <Fact label="Slack channel" provenance={provenanceFor(p, "slackChannel")}>
            {service.slackChannel ? (
              formatSlackChannel(service.slackChannel)
            ) : (
              <span className="muted">Not set</span>
            )}
          </Fact>
          <Fact label="Tags" provenance={provenanceFor(p, "tags")}>
            {service.tags.length > 0 ? (
              <span className="tags">
                {service.tags.map((tag) => (
                  <span className="tag" key={tag}>
                    {tag}
                  </span>
                ))}
              </span>
            ) : (
              <span className="muted">None</span>
            )}
          </Fact>
          <Fact label="Links" provenance={provenanceFor(p, "links")}>
            {service.links.length > 0 ? (
              <ul className="link-list">
                {service.links.map((link) => (
                  <li key={`${link.url}-${link.title}`}>
                    <a href={link.url} target="_blank" rel="noreferrer">
                      {link.title || link.url} ↗
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              <span className="muted">None</span>
            )}
          </Fact>
          {service.subcomponentOfRef ? (
            <Fact label="Part of" provenance={provenanceFor(p, "subcomponentOf")}>
              <span className="mono">{service.subcomponentOfRef}</span>
            </Fact>
          ) : null}
          <Fact label="Infrastructure" provenance={provenanceFor(p, "resources")}>
            <CatalogEntryList entries={service.resources} label="Infrastructure dependencies" empty="None declared" />
          </Fact>
          <Fact label="Provides APIs">
            <CatalogEntryList entries={service.providesApis} label="Provided APIs" empty="None declared" />
          </Fact>
          <Fact label="Consumes APIs">
            <CatalogEntryList entries={service.consumesApis} label="Consumed APIs" empty="None declared" />
          </Fact>
        </dl>
      </section>

      <section className="section" aria-labelledby="dependencies-heading">
        <div className="section-header">
          <h2 id="dependencies-heading">
            Dependencies <span className="count">{service.dependencies.length}</span>
          </h2>
          <span className="muted">Services {service.name} calls</span>
        </div>
        <div className="card">
          {service.dependencies.length > 0 ? (
            <RelationsTable
              relations={service.dependencies}
              caption={`Services ${service.name} depends on`}
              shareHint={`share of that service's inbound traffic that comes from ${service.name}`}
            />
          ) : (
            <EmptyState title="No known dependencies">
              Neither the catalog nor mesh traffic shows {service.name} calling another service.
            </EmptyState>
          )}
        </div>
      </section>

      <section className="section" aria-labelledby="dependents-heading">
        <div className="section-header">
          <h2 id="dependents-heading">
            Dependents <span className="count">{service.dependents.length}</span>
          </h2>
          <span className="muted">Services that call {service.name}, affected when it changes</span>
        </div>
        <div className="card">
          {service.dependents.length > 0 || service.unknownCallers ? (
            <RelationsTable
              relations={service.dependents}
              caption={`Services that depend on ${service.name}`}
              unknownCallers={service.unknownCallers}
              shareHint={`share of ${service.name}'s inbound traffic that comes from this caller`}
            />
          ) : (
            <EmptyState title="No known dependents">
              No service in the catalog or the mesh is known to call {service.name}.
            </EmptyState>
          )}
        </div>
      </section>

      <SloSection serviceSlug={slug} serviceName={service.name} slos={service.slos} />

      <MeshDemoFaultPanel slug={slug} serviceName={service.name} slo={strictestAvailabilitySlo(service.slos)} />

      <ServiceWorkloads slug={slug} serviceName={service.name} />

      <ServiceHistory slug={slug} />
    </>
  );
}

function ExternalLink({ href, label }: { href: string; label: string }) {
  return (
    <a className="truncate" href={href} target="_blank" rel="noreferrer" title={href}>
      {label} ↗
    </a>
  );
}

/** What an injected fault burns first: the availability SLO with the highest objective. */
function strictestAvailabilitySlo(slos: TServiceDetail["slos"]): { objective: number; windowDays: number; budgetRemaining: number | null } | null {
  const availability = slos.filter((slo) => slo.kind === "availability").sort((a, b) => b.objective - a.objective)[0];
  return availability ? { objective: availability.objective, windowDays: availability.windowDays, budgetRemaining: availability.budgetRemaining } : null;
}
