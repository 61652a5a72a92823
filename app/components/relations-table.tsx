import Link from "next/link";
import type { TServiceRelation } from "@/server/catalog/catalog.schemas.ts";
import { EdgeSourceBadge } from "./edge-source-badge.tsx";
import { formatLatencyMs, formatRelativeTime, formatRequestRate, formatSuccessRatio } from "./format.ts";
import { SloStatusBadge } from "./slo-status-badge.tsx";
import { TeamLink } from "./team-link.tsx";
import { TierBadge } from "./tier-badge.tsx";

/**
 * Dependencies or dependents of a service. Telemetry columns show "—" when nothing was
 * measured (a declared edge), never 0: "no data" and "no traffic" are different answers.
 */
export function RelationsTable({
  relations,
  caption,
  unknownCallers,
}: {
  relations: TServiceRelation[];
  caption: string;
  unknownCallers?: { requestRate: number | null; lastSeenAt: string | null } | null;
}) {
  return (
    <div className="table-wrap">
      <table className="data relations">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Owner</th>
            <th scope="col">Tier</th>
            <th scope="col">Source</th>
            <th scope="col" className="num">
              Rate
            </th>
            <th scope="col" className="num">
              Success
            </th>
            <th scope="col" className="num">
              p99
            </th>
            <th scope="col">Last seen</th>
            <th scope="col">SLO status</th>
          </tr>
        </thead>
        <tbody>
          {relations.map((relation) => (
            <tr key={relation.service.slug} data-service={relation.service.slug}>
              <td>
                <Link className="primary" href={`/services/${encodeURIComponent(relation.service.slug)}`}>
                  {relation.service.name}
                </Link>
              </td>
              <td>
                <TeamLink team={relation.service.ownerTeam} />
              </td>
              <td>
                <TierBadge tier={relation.service.tier} />
              </td>
              <td>
                <EdgeSourceBadge source={relation.source} />
              </td>
              <td className="num">{formatRequestRate(relation.requestRate)}</td>
              <td className="num">{formatSuccessRatio(relation.successRatio)}</td>
              <td className="num">{formatLatencyMs(relation.latencyP99Ms)}</td>
              <td>
                <span suppressHydrationWarning>{formatRelativeTime(relation.lastSeenAt)}</span>
                {relation.stale ? (
                  <>
                    {" "}
                    <span className="badge badge-stale" title="No recent telemetry for this edge">
                      stale
                    </span>
                  </>
                ) : null}
              </td>
              <td>
                <SloStatusBadge status={relation.service.sloStatus} />
              </td>
            </tr>
          ))}
          {unknownCallers ? (
            <tr>
              <td>
                <span className="primary">Unknown callers</span>
                <span className="secondary-line">Traffic from outside the mesh</span>
              </td>
              <td>
                <span className="muted">—</span>
              </td>
              <td />
              <td>
                <EdgeSourceBadge source="mesh" />
              </td>
              <td className="num">{formatRequestRate(unknownCallers.requestRate)}</td>
              <td className="num">—</td>
              <td className="num">—</td>
              <td>
                <span suppressHydrationWarning>{formatRelativeTime(unknownCallers.lastSeenAt)}</span>
              </td>
              <td />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
