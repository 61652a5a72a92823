"use client";

import { useState } from "react";
import { POSTMORTEM_SECTION_KEYS, POSTMORTEM_TEMPLATE_SPECS, POSTMORTEM_TEMPLATES, type TPostmortemSections, type TPostmortemTemplate } from "@/domain/incidents/postmortem-templates.ts";
import type { TStateAction } from "@/server/http/with-action.ts";
import { ActionForm } from "./action-form.tsx";

const SECTION_LABELS: Record<string, string> = Object.fromEntries(POSTMORTEM_TEMPLATE_SPECS.full.sections.map((section) => [section.key, `${section.label} — ${section.prompt}`]));

/**
 * The postmortem editor: pick a template (one sentence, short, full); the learning is the
 * only required field whatever the template. Sections of other templates stay in the form
 * (hidden), so switching template never loses what was written.
 */
export function PostmortemEditor({
  action,
  incidentId,
  initial,
}: {
  action: TStateAction<{ message?: string }>;
  incidentId: string;
  initial: { template: TPostmortemTemplate; learning: string; sections: TPostmortemSections } | null;
}) {
  const [template, setTemplate] = useState<TPostmortemTemplate>(initial?.template ?? "one_sentence");
  const shown = new Set(POSTMORTEM_TEMPLATE_SPECS[template].sections.map((section) => section.key));
  return (
    <ActionForm action={action} submitLabel={initial ? "Save learning" : "Publish learning"} className="incident-form" ariaLabel="Postmortem">
      <input type="hidden" name="incidentId" value={incidentId} />
      <fieldset className="incident-kinds">
        <legend className="visually-hidden">Template</legend>
        {POSTMORTEM_TEMPLATES.map((id) => (
          <label key={id} title={POSTMORTEM_TEMPLATE_SPECS[id].description}>
            <input type="radio" name="template" value={id} checked={template === id} onChange={() => setTemplate(id)} />
            {POSTMORTEM_TEMPLATE_SPECS[id].label}
          </label>
        ))}
      </fieldset>
      <p className="muted" style={{ margin: 0 }}>
        {POSTMORTEM_TEMPLATE_SPECS[template].description}
      </p>
      <div className="field">
        <label htmlFor="postmortem-learning">What did we learn? (one sentence)</label>
        <textarea id="postmortem-learning" name="learning" required className="incident-textarea" defaultValue={initial?.learning ?? ""} placeholder="e.g. A config change needs the same review as a code change." />
      </div>
      {POSTMORTEM_SECTION_KEYS.map((key) => (
        <div className="field" key={key} hidden={!shown.has(key)}>
          <label htmlFor={`postmortem-${key}`}>{SECTION_LABELS[key] ?? key}</label>
          <textarea id={`postmortem-${key}`} name={key} className="incident-textarea" defaultValue={initial?.sections[key] ?? ""} />
        </div>
      ))}
    </ActionForm>
  );
}
