import type { types } from "@slack/bolt";
import { INCIDENT_KIND_HINTS, INCIDENT_KIND_LABELS, INCIDENT_KINDS, type TIncidentKind } from "@/domain/incidents/incident-kinds.ts";

type View = types.View;

export const REPORT_VIEW_CALLBACK_ID = "plumbline_report_incident";
export const REPORT_NEAR_MISS_SHORTCUT_ID = "plumbline_report_near_miss";
export const REPORT_KIND_BLOCK_ID = "report_kind";
export const REPORT_TITLE_BLOCK_ID = "report_title";
export const REPORT_SERVICES_BLOCK_ID = "report_services";
export const REPORT_KIND_ACTION_ID = "kind";
export const REPORT_TITLE_ACTION_ID = "title";
export const REPORT_SERVICES_ACTION_ID = "services";

/** Carried through the modal: where to answer, and the message a shortcut was used on. */
export interface TReportModalMetadata {
  channel: string | null;
  message: { text: string; author: string | null; permalink: string | null; ts: string } | null;
}

// Slack caps private_metadata at 3,000 characters: the quoted message keeps its first 1,500.
const QUOTED_MAX = 1500;

/**
 * The report modal: one required field (what happened), the kind, and the affected services
 * (slugs; optional). Pre-filled from the slash command or the message.
 */
export function reportIncidentModal(prefill: { kind: TIncidentKind; service: string | null; title: string; metadata: TReportModalMetadata }): View {
  const option = (kind: TIncidentKind) => ({ text: { type: "plain_text" as const, text: `${INCIDENT_KIND_LABELS[kind]}: ${INCIDENT_KIND_HINTS[kind]}`.slice(0, 75) }, value: kind });
  const metadata: TReportModalMetadata = prefill.metadata.message ? { ...prefill.metadata, message: { ...prefill.metadata.message, text: prefill.metadata.message.text.slice(0, QUOTED_MAX) } } : prefill.metadata;
  return {
    type: "modal",
    callback_id: REPORT_VIEW_CALLBACK_ID,
    private_metadata: JSON.stringify(metadata),
    title: { type: "plain_text", text: prefill.kind === "near_miss" ? "Report a near miss" : "Report an incident" },
    submit: { type: "plain_text", text: "Report" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      ...(metadata.message ? [{ type: "context" as const, elements: [{ type: "mrkdwn" as const, text: `The message becomes the first timeline entry${metadata.message.permalink ? `, with a link back to it` : ""}.` }] }] : []),
      {
        type: "input",
        block_id: REPORT_TITLE_BLOCK_ID,
        label: { type: "plain_text", text: "What happened? One sentence is enough" },
        element: { type: "plain_text_input", action_id: REPORT_TITLE_ACTION_ID, max_length: 500, ...(prefill.title ? { initial_value: prefill.title.slice(0, 500) } : {}) },
      },
      {
        type: "input",
        block_id: REPORT_KIND_BLOCK_ID,
        label: { type: "plain_text", text: "Kind" },
        element: { type: "static_select", action_id: REPORT_KIND_ACTION_ID, options: INCIDENT_KINDS.map(option), initial_option: option(prefill.kind) },
      },
      {
        type: "input",
        block_id: REPORT_SERVICES_BLOCK_ID,
        optional: true,
        label: { type: "plain_text", text: "Affected services" },
        hint: { type: "plain_text", text: "Service slugs, separated by commas or spaces (e.g. payments, checkout). Optional; add them later." },
        element: { type: "plain_text_input", action_id: REPORT_SERVICES_ACTION_ID, ...(prefill.service ? { initial_value: prefill.service } : {}) },
      },
    ],
  };
}
