import { ZodError } from "zod";
import { publicBaseUrl } from "@/server/http/public-base-url.ts";
import { AppError } from "@/server/http/problem.ts";
import { reportIncident } from "@/server/incidents/report-incident.ts";
import type { TIncidentDetail, TReportIncidentInput } from "@/server/incidents/incidents.schemas.ts";
import { findOrganizationBySlackTeamId } from "./notifications-slack-tenancy.repository.ts";
import { resolveSlackPerson, type TSlackEmailLookup } from "./resolve-slack-person.ts";

export interface TSlackReport {
  /** The workspace the submission came from: it alone picks the organization. */
  slackTeamId: string | undefined;
  slackUserId: string;
  /** The modal's view id: a retried submission of the same modal files nothing new. */
  viewId: string;
  input: TReportIncidentInput;
  /** The message a "Report a near miss" shortcut was used on: the first timeline entry, with its permalink. */
  message?: { text: string; author: string | null; permalink: string | null; at: Date } | null;
}

export type TSlackReportResult =
  | { kind: "reported"; incident: TIncidentDetail; created: boolean; url: string }
  /** Something the reporter can fix in the modal: which input, and what to write. */
  | { kind: "invalid"; field: "title" | "services" | "kind"; message: string }
  | { kind: "refused"; text: string };

/**
 * A report from Slack's modal (`/plumbline incident|near-miss …`, or the message shortcut):
 * the organization from the workspace, the reporter from the Slack user (a catalog person
 * when one has the account or its email, else the Slack user as a name), then reportIncident —
 * the same operation as the web form and the API.
 */
export async function reportIncidentFromSlack(report: TSlackReport, lookupEmail: TSlackEmailLookup, now: Date = new Date()): Promise<TSlackReportResult> {
  const organization = report.slackTeamId ? await findOrganizationBySlackTeamId(report.slackTeamId) : null;
  if (!organization) return { kind: "refused", text: "This Slack workspace is not connected to a Plumbline organization, so nothing was reported." };
  const person = await resolveSlackPerson(organization.id, report.slackUserId, lookupEmail);
  const message = report.message ?? null;
  try {
    const { incident, created } = await reportIncident(
      organization.id,
      { ...report.input, ...(message?.permalink ? { sourceUrl: message.permalink } : {}) },
      { via: "slack", name: person ? person.name : `Slack user ${report.slackUserId}`, personId: person?.id ?? null },
      {
        now,
        dedupeKey: `slack:view:${report.viewId}`,
        ...(message
          ? { firstEntry: { at: message.at, kind: "slack_message", text: message.text, author: message.author, sourceUrl: message.permalink, sourceLabel: "Slack message" } }
          : {}),
      },
    );
    return { kind: "reported", incident, created, url: `${publicBaseUrl(null)}/incidents/${encodeURIComponent(incident.id)}` };
  } catch (error) {
    if (error instanceof AppError && error.title === "Unknown service") return { kind: "invalid", field: "services", message: error.detail };
    if (error instanceof ZodError) {
      const [issue] = error.issues;
      const field = issue?.path[0] === "kind" ? "kind" : issue?.path[0] === "services" ? "services" : "title";
      return { kind: "invalid", field, message: issue?.message ?? "Check this field." };
    }
    throw error;
  }
}
