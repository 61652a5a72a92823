import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ActionForm } from "@/app/components/action-form.tsx";
import { ChangedNearbyPanel } from "@/app/components/changed-nearby-panel.tsx";
import { EmptyState } from "@/app/components/empty-state.tsx";
import { formatDateTime } from "@/app/components/format.ts";
import { IncidentKindBadge, IncidentStatusLabel } from "@/app/components/incident-badges.tsx";
import { PostmortemEditor } from "@/app/components/postmortem-editor.tsx";
import { RelativeTime } from "@/app/components/relative-time.tsx";
import { INCIDENT_KIND_LABELS, INCIDENT_KINDS } from "@/domain/incidents/incident-kinds.ts";
import { INCIDENT_STATUS_LABELS, INCIDENT_STATUSES } from "@/domain/incidents/incident-statuses.ts";
import { POSTMORTEM_TEMPLATE_SPECS, sectionsToShow } from "@/domain/incidents/postmortem-templates.ts";
import { AFFECTED_REASON_LABELS } from "@/domain/incidents/suggest-affected-services.ts";
import { getRequestContext } from "@/server/identity/get-request-organization.ts";
import { getChangedNearby } from "@/server/incidents/get-changed-nearby.ts";
import { getIncident } from "@/server/incidents/get-incident.ts";
import { recordLearningRead } from "@/server/incidents/list-learnings.ts";
import { listFormOptions } from "@/server/incidents/list-form-options.ts";
import { suggestAffected } from "@/server/incidents/suggest-affected.ts";
import { addActionItemAction, addTimelineEntryAction, savePostmortemAction, setActionItemDoneAction, updateIncidentAction } from "@/app/incidents/actions.ts";

export const dynamic = "force-dynamic";

type TParams = Promise<{ id: string }>;

const loadIncident = cache(async (id: string) => {
  const { organization } = await getRequestContext();
  return getIncident(organization.id, id, new Date());
});

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const incident = await loadIncident((await params).id);
  return { title: incident ? `${INCIDENT_KIND_LABELS[incident.kind]}: ${incident.title}` : "Incident not found" };
}

export default async function IncidentPage({ params }: { params: TParams }) {
  const { id } = await params;
  const { organization, actor } = await getRequestContext();
  const incident = await loadIncident(id);
  if (!incident) notFound();
  const now = new Date();
  const [nearby, suggestions, options] = await Promise.all([getChangedNearby(organization.id, id), suggestAffected(organization.id, id, now), listFormOptions(organization.id)]);
  // Reading the page is reading its learning: counted once per person per day.
  if (incident.postmortem?.publishedAt) await recordLearningRead(organization.id, id, actor.personId, now);
  const hidden = <input type="hidden" name="incidentId" value={incident.id} />;

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/incidents">Incidents</Link> / <span>{INCIDENT_KIND_LABELS[incident.kind]}</span>
      </nav>
      <div className="page-header">
        <div>
          <div className="title-row">
            <IncidentKindBadge kind={incident.kind} />
            <h1>{incident.title}</h1>
          </div>
          <div className="incident-meta">
            <IncidentStatusLabel status={incident.status} />
            <span>
              started <RelativeTime iso={incident.startedAt} /> ({formatDateTime(incident.startedAt)})
            </span>
            {incident.reportedBy ? <span>reported by {incident.reportedBy} via {incident.reportedVia}</span> : null}
            {incident.ownerTeam ? (
              <span>
                owner <Link href={`/teams/${incident.ownerTeam.slug}`}>{incident.ownerTeam.name}</Link>
              </span>
            ) : null}
            {incident.sourceUrl ? (
              <a href={incident.sourceUrl} target="_blank" rel="noreferrer">
                source ↗
              </a>
            ) : null}
          </div>
          {incident.description ? <p className="description">{incident.description}</p> : null}
        </div>
        <ActionForm action={updateIncidentAction} submitLabel="Update" className="incident-inline" ariaLabel="Status and kind" submitClassName="button">
          {hidden}
          <select name="status" className="select" defaultValue={incident.status} aria-label="Status">
            {INCIDENT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {INCIDENT_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
          <select name="kind" className="select" defaultValue={incident.kind} aria-label="Kind">
            {INCIDENT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {INCIDENT_KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </ActionForm>
      </div>

      <div className="incident-grid">
        <div>
          <section className="card section" aria-labelledby="learning-heading">
            <div className="card-body">
              <h2 id="learning-heading" className="card-title">
                Learning
              </h2>
              {incident.postmortem?.publishedAt ? (
                <>
                  <blockquote className="incident-learning-quote" data-testid="learning">
                    {incident.postmortem.learning}
                  </blockquote>
                  <p className="incident-meta">
                    <span>{POSTMORTEM_TEMPLATE_SPECS[incident.postmortem.template].label}</span>
                    {incident.postmortem.author ? <span>by {incident.postmortem.author}</span> : null}
                    <span>
                      published <RelativeTime iso={incident.postmortem.publishedAt} />
                    </span>
                    <span>
                      read {incident.postmortem.readCount} time{incident.postmortem.readCount === 1 ? "" : "s"}
                    </span>
                  </p>
                  {sectionsToShow(incident.postmortem.template, incident.postmortem.sections).map(({ spec, text }) => (
                    <div key={spec.key}>
                      <h3 className="stat-label">{spec.label}</h3>
                      <p className="incident-section-text">{text}</p>
                    </div>
                  ))}
                </>
              ) : (
                <p className="muted" style={{ margin: 0 }}>
                  What did we learn? One sentence is a postmortem; a short or full review can follow. No template blocks filing.
                </p>
              )}
            </div>
            <details open={!incident.postmortem}>
              <summary className="card-body muted">{incident.postmortem ? "Edit the postmortem" : "Write the learning"}</summary>
              <PostmortemEditor
                action={savePostmortemAction}
                incidentId={incident.id}
                initial={incident.postmortem ? { template: incident.postmortem.template, learning: incident.postmortem.learning, sections: incident.postmortem.sections } : null}
              />
            </details>
          </section>

          {nearby ? <ChangedNearbyPanel nearby={nearby} /> : null}

          <section className="card section" aria-labelledby="timeline-heading">
            <div className="card-body">
              <h2 id="timeline-heading" className="card-title">
                Timeline
              </h2>
            </div>
            <ol className="incident-timeline" aria-label="Timeline, oldest first">
              {incident.timeline.map((entry) => (
                <li key={entry.id}>
                  <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                  <span>
                    <span className="incident-timeline-kind">{entry.kind.replace("_", " ")}</span>
                    {entry.text}
                    {entry.author && entry.kind === "note" ? <span className="muted"> — {entry.author}</span> : null}
                    {entry.sourceUrl ? (
                      <>
                        {" "}
                        <a href={entry.sourceUrl} target="_blank" rel="noreferrer">
                          {entry.sourceLabel ?? "link"} ↗
                        </a>
                      </>
                    ) : null}
                  </span>
                </li>
              ))}
            </ol>
            <ActionForm action={addTimelineEntryAction} submitLabel="Add to timeline" className="incident-form" resetOnSuccess ariaLabel="Add a timeline entry" submitClassName="button">
              {hidden}
              <div className="incident-inline">
                <input name="text" className="input field-grow" required placeholder="What happened at that moment" aria-label="Timeline entry" />
                <input name="sourceUrl" className="input" type="url" placeholder="Link (optional)" aria-label="Link" />
              </div>
            </ActionForm>
          </section>
        </div>

        <div className="incident-side">
          <section className="card" aria-labelledby="services-heading">
            <div className="card-body">
              <h2 id="services-heading" className="card-title">
                Affected services
              </h2>
              <div className="incident-chips">
                {incident.services.length === 0 ? <span className="muted">None yet.</span> : null}
                {incident.services.map((service) => (
                  <span className="incident-chip" key={service.slug} title={AFFECTED_REASON_LABELS[service.addedBecause]}>
                    <Link href={`/services/${service.slug}`}>{service.name}</Link>
                    <ActionForm action={updateIncidentAction} submitLabel="×" submitClassName="" ariaLabel={`Remove ${service.name}`}>
                      {hidden}
                      <input type="hidden" name="removeService" value={service.slug} />
                    </ActionForm>
                  </span>
                ))}
              </div>
            </div>
            {suggestions && suggestions.length > 0 ? (
              <div className="card-body">
                <h3 className="stat-label">Suggested</h3>
                <div className="incident-chips" aria-label="Suggested services">
                  {suggestions.map((suggestion) => (
                    <span className="incident-chip" key={suggestion.slug} title={AFFECTED_REASON_LABELS[suggestion.reason]}>
                      {suggestion.name} <span className="muted">({AFFECTED_REASON_LABELS[suggestion.reason]})</span>
                      <ActionForm action={updateIncidentAction} submitLabel="+ add" submitClassName="" ariaLabel={`Add ${suggestion.name}`}>
                        {hidden}
                        <input type="hidden" name="addService" value={suggestion.slug} />
                      </ActionForm>
                    </span>
                  ))}
                </div>
              </div>
            ) : null}
            <ActionForm action={updateIncidentAction} submitLabel="Add" className="incident-form" ariaLabel="Add an affected service" submitClassName="button">
              {hidden}
              <input name="addService" className="input" list="incident-service-options" placeholder="service slug" aria-label="Service to add" required />
              <datalist id="incident-service-options">
                {options.services.map((option) => (
                  <option key={option.slug} value={option.slug}>
                    {option.name}
                  </option>
                ))}
              </datalist>
            </ActionForm>
          </section>

          <section className="card" aria-labelledby="items-heading">
            <div className="card-body">
              <h2 id="items-heading" className="card-title">
                Action items
              </h2>
            </div>
            {incident.actionItems.length === 0 ? (
              <EmptyState title="No action items">Owned, with a due date, shown on the service page until done.</EmptyState>
            ) : (
              <ul className="incident-items">
                {incident.actionItems.map((item) => (
                  <li key={item.id} className={item.doneAt ? "incident-item-done" : undefined}>
                    <span className="incident-item-title">{item.title}</span>
                    <span className="incident-meta">
                      {item.service ? <span className="mono">{item.service.slug}</span> : null}
                      {item.ownerName ?? item.ownerTeam?.name ? <span>{item.ownerName ?? item.ownerTeam?.name}</span> : null}
                      {item.dueOn ? <span className={item.isOverdue ? "incident-item-overdue" : undefined}>due {item.dueOn}</span> : null}
                    </span>
                    <ActionForm action={setActionItemDoneAction} submitLabel={item.doneAt ? "Reopen" : "Done"} submitClassName="button" ariaLabel={`Mark ${item.title}`}>
                      {hidden}
                      <input type="hidden" name="itemId" value={item.id} />
                      <input type="hidden" name="done" value={item.doneAt ? "false" : "true"} />
                    </ActionForm>
                  </li>
                ))}
              </ul>
            )}
            <ActionForm action={addActionItemAction} submitLabel="Add action item" className="incident-form" resetOnSuccess ariaLabel="Add an action item" submitClassName="button">
              {hidden}
              <input name="title" className="input" required placeholder="What is to be done" aria-label="Action item" />
              <div className="incident-inline">
                <select name="service" className="select" aria-label="Service" defaultValue={incident.services[0]?.slug ?? ""}>
                  <option value="">No service</option>
                  {incident.services.map((service) => (
                    <option key={service.slug} value={service.slug}>
                      {service.name}
                    </option>
                  ))}
                </select>
                <input name="ownerName" className="input" placeholder="Owner" aria-label="Owner" />
                <input name="dueOn" className="input" type="date" aria-label="Due date" />
              </div>
            </ActionForm>
          </section>
        </div>
      </div>
    </>
  );
}
