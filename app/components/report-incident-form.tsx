"use client";

import { useActionState } from "react";
import { INCIDENT_KIND_HINTS, INCIDENT_KIND_LABELS, INCIDENT_KINDS, type TIncidentKind } from "@/domain/incidents/incident-kinds.ts";
import type { TActionState, TStateAction } from "@/server/http/with-action.ts";
import "./incidents.css";

/**
 * The report form: ONE required field (what happened). The kind is a choice with a
 * default; the service comes from the page the reporter came from; more services and
 * details are optional and can be added later on the incident's page.
 */
export function ReportIncidentForm({
  action,
  defaultKind,
  service,
  serviceOptions,
}: {
  action: TStateAction<unknown>;
  defaultKind: TIncidentKind;
  service: { slug: string; name: string } | null;
  serviceOptions: { slug: string; name: string }[];
}) {
  const [state, formAction, isPending] = useActionState<TActionState<unknown>, FormData>(action, null);
  return (
    <form action={formAction} className="incident-form" aria-label="Report incident or near miss">
      <div className="field">
        <label htmlFor="incident-title">What happened? (one sentence)</label>
        <textarea
          id="incident-title"
          name="title"
          required
          maxLength={500}
          className="incident-textarea incident-textarea-big"
          placeholder="e.g. Checkout returned 500s for 10 minutes after the 14:02 deploy"
          autoFocus
        />
      </div>
      <fieldset className="incident-kinds">
        <legend className="visually-hidden">Kind</legend>
        {INCIDENT_KINDS.map((kind) => (
          <label key={kind} title={INCIDENT_KIND_HINTS[kind]}>
            <input type="radio" name="kind" value={kind} defaultChecked={kind === defaultKind} />
            {INCIDENT_KIND_LABELS[kind]}
            <span className="incident-kind-hint">{INCIDENT_KIND_HINTS[kind]}</span>
          </label>
        ))}
      </fieldset>
      {service ? (
        <label className="incident-inline">
          <input type="checkbox" name="service" value={service.slug} defaultChecked /> Affects <strong>{service.name}</strong>
        </label>
      ) : null}
      <details>
        <summary className="muted">More (optional): other services, details</summary>
        <div className="incident-form" style={{ padding: "12px 0 0" }}>
          <div className="field">
            <label htmlFor="incident-services">Other affected services (slugs, comma separated)</label>
            <input id="incident-services" name="moreServices" className="input" list="incident-service-options" placeholder="payments, ledger" />
            <datalist id="incident-service-options">
              {serviceOptions.map((option) => (
                <option key={option.slug} value={option.slug}>
                  {option.name}
                </option>
              ))}
            </datalist>
          </div>
          <div className="field">
            <label htmlFor="incident-description">Details</label>
            <textarea id="incident-description" name="description" className="incident-textarea" />
          </div>
        </div>
      </details>
      <div className="incident-form-actions">
        <button type="submit" className="button button-primary" disabled={isPending}>
          {isPending ? "Reporting…" : "Report"}
        </button>
        {state && !state.ok ? (
          <span className="incident-form-error" role="alert">
            {state.message}
          </span>
        ) : null}
      </div>
    </form>
  );
}
