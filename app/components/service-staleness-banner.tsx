import type { TServiceDetail } from "@/server/catalog/catalog.schemas.ts";
import { archiveServiceAction, keepServiceAction } from "@/app/services/[slug]/actions.ts";
import { formatDateTime } from "./format.ts";
import { StaleServiceActionForm } from "./stale-service-action-form.tsx";

/**
 * Says at the top of a service page that nothing runs or calls the service any more
 * (stale), with when and by which source it was last seen, and lets its owners keep or
 * archive it; or that it is archived. "Unknown" shows nothing: the telemetry banner
 * already says when the source is not answering.
 */
export function ServiceStalenessBanner({ slug, staleness, archived }: { slug: string; staleness: TServiceDetail["staleness"]; archived: TServiceDetail["archived"] }) {
  if (archived) {
    return (
      <p className="callout page-callout" role="status" data-testid="service-archived">
        Archived as stale: &ldquo;{archived.reason}&rdquo;
        {archived.by ? ` — ${archived.by}` : ""},{" "}
        <time dateTime={archived.at} suppressHydrationWarning>
          {formatDateTime(archived.at)}
        </time>
        . It is left out of the services list and the graph, and comes back by itself when the mesh sees its traffic again.
      </p>
    );
  }
  if (staleness.state === "kept") {
    return (
      <div className="callout page-callout" role="status" data-testid="service-kept">
        <p>
          Kept although stale ({staleness.reason}): &ldquo;{staleness.keptReason}&rdquo;
          {staleness.keptBy ? ` — ${staleness.keptBy}` : ""},{" "}
          <time dateTime={staleness.keptAt} suppressHydrationWarning>
            {formatDateTime(staleness.keptAt)}
          </time>
          .
        </p>
        <StaleServiceActionForm slug={slug} verb="Archive" action={archiveServiceAction} done="Archived: it leaves the services list and the graph." />
      </div>
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
      <p>Its owners (or an admin) can keep it, or archive it (out of the services list and the graph; its history stays), with a reason:</p>
      <StaleServiceActionForm slug={slug} verb="Keep" action={keepServiceAction} done="Kept: recorded in its history." />
      <StaleServiceActionForm slug={slug} verb="Archive" action={archiveServiceAction} done="Archived: it leaves the services list and the graph." />
    </div>
  );
}
