"use client";

import Link from "next/link";
import type { TServiceSummary } from "@/server/catalog/catalog.schemas.ts";
import { SloStatusBadge } from "./slo-status-badge.tsx";
import { SortableHeader, type TTableSorting } from "./sortable-header.tsx";
import { TeamLink } from "./team-link.tsx";
import { TierBadge } from "./tier-badge.tsx";

/** Services as a table; sortable when given `sorting` (the services page), plain on team pages. */
export function ServiceTable({
  services,
  sorting,
  showOwner = true,
  caption,
}: {
  services: TServiceSummary[];
  sorting?: TTableSorting;
  showOwner?: boolean;
  caption: string;
}) {
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="data cards-on-phone">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <SortableHeader label="Service" column="name" sorting={sorting} />
            {showOwner ? <SortableHeader label="Owner" column="team" sorting={sorting} /> : null}
            <SortableHeader label="Tier" column="tier" sorting={sorting} />
            <th scope="col">System</th>
            <SortableHeader label="Dependents" column="dependents" sorting={sorting} className="num" />
            <th scope="col" className="num">
              Dependencies
            </th>
            <SortableHeader label="SLO status" column="budget" sorting={sorting} />
            <th scope="col" className="num">
              Workloads
            </th>
          </tr>
        </thead>
        <tbody>
          {services.map((service) => (
            <tr key={service.slug} data-service={service.slug}>
              <td>
                <Link className="primary" href={`/services/${encodeURIComponent(service.slug)}`}>
                  {service.name}
                </Link>
                {service.description ? (
                  <span className="secondary-line" title={service.description}>
                    {service.description}
                  </span>
                ) : null}
              </td>
              {showOwner ? (
                <td className="nowrap" data-label="Owner">
                  <TeamLink team={service.ownerTeam} />
                </td>
              ) : null}
              <td data-label="Tier">
                <TierBadge tier={service.tier} />
              </td>
              <td className="nowrap" data-label="System">{service.system ?? <span className="muted">—</span>}</td>
              <CountCell value={service.dependentCount} label="Dependents" />
              <CountCell value={service.dependencyCount} label="Dependencies" />
              <td data-label="SLO status" data-key="true">
                <SloStatusBadge status={service.sloStatus} />
              </td>
              <CountCell value={service.workloadCount} label="Workloads" />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Zero is a real count here (nothing known), shown quieter so the non-zero ones stand out. */
function CountCell({ value, label }: { value: number; label: string }) {
  return (
    <td className={value === 0 ? "num zero" : "num"} data-label={label}>
      {value}
    </td>
  );
}
