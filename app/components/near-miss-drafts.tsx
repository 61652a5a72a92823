import Link from "next/link";
import { fileNearMissDraftAction, dismissNearMissDraftAction } from "@/app/incidents/near-miss-draft-actions.ts";
import { formatDateTime } from "@/app/components/format.ts";
import { NearMissDraftButtons } from "@/app/components/near-miss-draft-buttons.tsx";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";
import { listNearMissDraftsFor } from "@/server/incidents/near-miss-draft-inbox.ts";

/**
 * "Drafts for you": near misses Plumbline drafted for the signed-in person's teams (a
 * break-glass deploy, an approval given while a dependent was breached, an SLO that got worse
 * right after a deploy), each one click from filed or dismissed. Renders nothing when there
 * are none, so it can sit on any page.
 */
export async function NearMissDrafts() {
  const { organization, actor } = await getRequestContext();
  const drafts = await listNearMissDraftsFor(organization.id, actor);
  if (drafts.length === 0) return null;
  return (
    <section className="card section" aria-labelledby="near-miss-drafts-heading">
      <div className="card-body">
        <h2 id="near-miss-drafts-heading">Drafts for you</h2>
        <p className="muted card-text">Plumbline noticed these; a near miss filed is a lesson kept. File it in one click (add the learning later), or dismiss it.</p>
        <ul className="near-miss-drafts">
          {drafts.map((draft) => (
            <li key={draft.id} data-testid="near-miss-draft">
              <p>
                <span className="badge">{draft.triggerLabel}</span> <strong>{draft.title}</strong>
              </p>
              <p className="muted">
                <time dateTime={draft.startedAt} suppressHydrationWarning>
                  {formatDateTime(draft.startedAt)}
                </time>
                {draft.ownerTeam ? ` · for ${draft.ownerTeam.name}` : ""}
                {draft.services.length > 0 ? " · " : ""}
                {draft.services.map((service, index) => (
                  <span key={service.slug}>
                    {index > 0 ? ", " : ""}
                    <Link href={`/services/${encodeURIComponent(service.slug)}`}>{service.name}</Link>
                  </span>
                ))}
                {draft.deployRequestId ? (
                  <>
                    {" · "}
                    <Link href={`/deploys/${encodeURIComponent(draft.deployRequestId)}`}>the deploy</Link>
                  </>
                ) : null}
              </p>
              <NearMissDraftButtons incidentId={draft.id} title={draft.title} fileAction={fileNearMissDraftAction} dismissAction={dismissNearMissDraftAction} />
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
