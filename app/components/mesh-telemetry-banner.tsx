import type { TServiceDetail } from "@/server/catalog/catalog.schemas.ts";
import { formatDateTime, formatRelativeTime } from "./format.ts";

/**
 * Says, at the top of a service page, that its mesh numbers are old, since when and why:
 * a source that stopped answering must not look like a quiet, healthy service.
 */
export function MeshTelemetryBanner({ telemetry }: { telemetry: TServiceDetail["telemetry"] }) {
  if (!telemetry.stale) return null;
  return (
    <div className="callout callout-warning page-callout mesh-stale-banner" role="status" data-testid="telemetry-stale">
      <h3>
        Mesh telemetry is stale
        {telemetry.staleSince ? (
          <>
            {" "}
            since{" "}
            <time dateTime={telemetry.staleSince} suppressHydrationWarning>
              {formatDateTime(telemetry.staleSince)}
            </time>{" "}
            (<span suppressHydrationWarning>{formatRelativeTime(telemetry.staleSince)}</span>)
          </>
        ) : null}
      </h3>
      <p className="mesh-stale-reason">{telemetry.staleReason ?? "The telemetry source did not answer."}</p>
      <p>
        Rates, success ratios and SLO counts on this page are the last ones measured
        {telemetry.measuredAt ? (
          <>
            {" "}
            (<span suppressHydrationWarning>{formatDateTime(telemetry.measuredAt)}</span>)
          </>
        ) : null}
        ; SLOs read &ldquo;no data&rdquo; until the source answers again.
      </p>
    </div>
  );
}
