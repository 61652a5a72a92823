import type { TServiceDetail } from "@/server/catalog/catalog.schemas.ts";
import { formatDateTime, formatRelativeTime } from "./format.ts";

/**
 * Says, at the top of a service page, that its mesh numbers are old and why: a source
 * that stopped answering must not look like a quiet, healthy service.
 */
export function MeshTelemetryBanner({ telemetry }: { telemetry: TServiceDetail["telemetry"] }) {
  if (!telemetry.stale) return null;
  return (
    <div className="callout callout-warning page-callout mesh-stale-banner" role="status" data-testid="telemetry-stale">
      <h3>
        Telemetry is stale
        {telemetry.staleSince ? (
          <>
            {" "}
            since{" "}
            <time dateTime={telemetry.staleSince} title={formatDateTime(telemetry.staleSince)} suppressHydrationWarning>
              {formatRelativeTime(telemetry.staleSince)}
            </time>
          </>
        ) : null}
      </h3>
      {telemetry.staleReason ?? "The telemetry source did not answer."} Rates, success ratios and SLO counts below are the last ones
      measured
      {telemetry.measuredAt ? (
        <>
          {" "}
          (<span suppressHydrationWarning>{formatRelativeTime(telemetry.measuredAt)}</span>)
        </>
      ) : null}
      ; SLOs read &ldquo;no data&rdquo; until it recovers.
    </div>
  );
}
