import type { TServiceDetail } from "@/server/catalog/catalog.schemas.ts";
import { formatDateTime } from "./format.ts";

/**
 * Says at the top of a service page that nothing runs or calls the service any more
 * (stale), with when and by which source it was last seen. "Unknown" shows nothing: the
 * telemetry banner already says when the source is not answering.
 */
export function ServiceStalenessBanner({ staleness }: { staleness: TServiceDetail["staleness"] }) {
  if (staleness.state === "kept") {
    return (
      <p className="callout page-callout" role="status" data-testid="service-kept">
        Kept although stale ({staleness.reason}): &ldquo;{staleness.keptReason}&rdquo;
        {staleness.keptBy ? ` — ${staleness.keptBy}` : ""},{" "}
        <time dateTime={staleness.keptAt} suppressHydrationWarning>
          {formatDateTime(staleness.keptAt)}
        </time>
        .
      </p>
    );
  }
  if (staleness.state !== "stale") return null;
  return (
    <div className="callout callout-warning page-callout" role="status" data-testid="service-stale">
      <h3>
        Stale service
        {staleness.lastSeenAt ? (
          <>
            : last seen{" "}
            <time dateTime={staleness.lastSeenAt} suppressHydrationWarning>
              {formatDateTime(staleness.lastSeenAt)}
            </time>{" "}
            by {staleness.lastSeenBy === "mesh" ? "mesh telemetry" : "Kubernetes discovery"}
          </>
        ) : null}
      </h3>
      <p>{staleness.reason}.</p>
      <p>
        Its owners (or an admin) can keep it with a reason: <code>POST /api/v1/services/&lt;slug&gt;/kept {"{"}&quot;reason&quot;: &quot;…&quot;{"}"}</code>.
      </p>
    </div>
  );
}
