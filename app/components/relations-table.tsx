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
  shareHint,
}: {
  relations: TServiceRelation[];
  caption: string;
  unknownCallers?: { requestRate: number | null; lastSeenAt: string | null; trafficShare?: number | null } | null;
  /** What the Share column measures, for its header's tooltip. */
  shareHint: string;
}) {
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="data relations cards-on-phone">
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
            <th scope="col" className="num" title={shareHint}>
              Share
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
                {relation.calleeVersions && relation.calleeVersions.length > 0 ? (
                  <span className="secondary-line" title="Traffic by the called service's version (canonical revision)" data-testid="edge-versions">
                    {relation.calleeVersions
                      .map((v) => `${v.version}: ${formatRequestRate(v.requestRate)}, ${formatSuccessRatio(v.successRatio)}`)
                      .join(" · ")}
                  </span>
                ) : null}
              </td>
              <td data-label="Owner">
                <TeamLink team={relation.service.ownerTeam} />
              </td>
              <td data-label="Tier">
                <TierBadge tier={relation.service.tier} />
              </td>
              <td data-label="Source">
                <EdgeSourceBadge source={relation.source} />
                {relation.alsoDeclared ? (
                  <span className="mesh-also-declared" title="The catalog declares this dependency too (dependsOn)">
                    also declared
                  </span>
                ) : null}
              </td>
              <td className="num" data-label="Rate" data-key="true">{formatRequestRate(relation.requestRate)}</td>
              <td className="num" data-label="Share">
                <TrafficShare share={relation.trafficShare} hint={shareHint} />
              </td>
              <td className="num" data-label="Success" data-key="true">{formatSuccessRatio(relation.successRatio)}</td>
              <td className="num" data-label="p99">{formatLatencyMs(relation.latencyP99Ms)}</td>
              <td data-label="Last seen">
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
              <td data-label="SLO status" data-key="true">
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
              <td data-label="Owner">
                <span className="muted">—</span>
              </td>
              <td data-label="Tier" />
              <td data-label="Source">
                <EdgeSourceBadge source="mesh" />
              </td>
              <td className="num" data-label="Rate" data-key="true">{formatRequestRate(unknownCallers.requestRate)}</td>
              <td className="num" data-label="Share">
                <TrafficShare share={unknownCallers.trafficShare ?? null} hint={shareHint} />
              </td>
              <td className="num" data-label="Success" data-key="true">—</td>
              <td className="num" data-label="p99">—</td>
              <td data-label="Last seen">
                <span suppressHydrationWarning>{formatRelativeTime(unknownCallers.lastSeenAt)}</span>
              </td>
              <td data-label="SLO status" data-key="true" />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

/** A share of traffic as a percentage with a small bar; "—" when nothing was measured. */
function TrafficShare({ share, hint }: { share: number | null; hint: string }) {
  if (share === null) return <span className="muted">—</span>;
  const percent = share * 100;
  const text = percent >= 10 ? `${Math.round(percent)} %` : percent >= 0.1 ? `${percent.toFixed(1)} %` : "< 0.1 %";
  return (
    <span className="mesh-share" title={`${text} — ${hint}`}>
      <span className="mesh-share-bar" aria-hidden="true">
        <span style={{ width: `${Math.max(2, Math.min(100, percent))}%` }} />
      </span>
      {text}
    </span>
  );
}
