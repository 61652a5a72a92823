"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { INCIDENT_KINDS } from "@/domain/incidents/incident-kinds.ts";
import { INCIDENT_STATUSES } from "@/domain/incidents/incident-statuses.ts";
import { POSTMORTEM_SECTION_KEYS, POSTMORTEM_TEMPLATES } from "@/domain/incidents/postmortem-templates.ts";
import { addTimelineEntry } from "@/server/incidents/add-timeline-entry.ts";
import { reporterFromActor } from "@/server/incidents/incident-reporter.ts";
import { addActionItem, setActionItemDoneState } from "@/server/incidents/manage-action-items.ts";
import { reportIncident } from "@/server/incidents/report-incident.ts";
import { savePostmortem } from "@/server/incidents/save-postmortem.ts";
import { updateIncident } from "@/server/incidents/update-incident.ts";
import { formFields, withAction } from "@/server/http/with-action.ts";

// The web's reporting and editing: thin, each authorizes itself (withAction: a signed-in
// member of the organization) and calls the same operations as the API and Slack. Any
// member may report and edit: reporting must never wait on a role.

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => value || undefined);

const ZReportForm = z.object({
  title: z.string().trim().min(1, "Say what happened, in one sentence.").max(500, "At most 500 characters; put the rest in the details."),
  kind: z.enum(INCIDENT_KINDS).default("SEV3"),
  services: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  description: optionalText(20_000),
});

/** Report an incident or near miss: one sentence required; then on to its page. */
export const reportIncidentAction = withAction(
  { input: ZReportForm, read: (form) => ({ ...formFields(form), services: readServices(form) }) },
  async ({ organization, actor, input }) => {
    const { incident } = await reportIncident(organization.id, input, reporterFromActor(actor, "web"), { now: new Date() });
    revalidatePath("/incidents");
    redirect(`/incidents/${incident.id}`);
  },
);

const ZIncidentId = z.string().trim().min(1).max(100);

const ZUpdateForm = z.object({
  incidentId: ZIncidentId,
  status: z.enum(INCIDENT_STATUSES).optional(),
  kind: z.enum(INCIDENT_KINDS).optional(),
  title: optionalText(500),
  addService: optionalText(200),
  removeService: optionalText(200),
});

/** Status, kind, title and affected services (one added or removed per submission: the suggestion buttons). */
export const updateIncidentAction = withAction({ input: ZUpdateForm }, async ({ organization, actor, input }) => {
  await updateIncident(
    organization.id,
    input.incidentId,
    {
      status: input.status,
      kind: input.kind,
      title: input.title,
      addServices: input.addService ? [input.addService] : undefined,
      removeServices: input.removeService ? [input.removeService] : undefined,
    },
    reporterFromActor(actor, "web"),
    new Date(),
  );
  revalidatePath(`/incidents/${input.incidentId}`);
  return { message: "Saved." };
});

const ZTimelineForm = z.object({ incidentId: ZIncidentId, text: z.string().trim().min(1, "Write what happened at that moment.").max(5000), sourceUrl: optionalText(2000) });

export const addTimelineEntryAction = withAction({ input: ZTimelineForm }, async ({ organization, actor, input }) => {
  await addTimelineEntry(organization.id, input.incidentId, { text: input.text, sourceUrl: input.sourceUrl }, reporterFromActor(actor, "web"), new Date());
  revalidatePath(`/incidents/${input.incidentId}`);
  return { message: "Added to the timeline." };
});

const ZPostmortemForm = z.object({
  incidentId: ZIncidentId,
  template: z.enum(POSTMORTEM_TEMPLATES).default("one_sentence"),
  learning: z.string().trim().min(1, "What did we learn? One sentence is enough.").max(5000),
  ...Object.fromEntries(POSTMORTEM_SECTION_KEYS.map((key) => [key, optionalText(20_000)])),
});

/** Publishes the learning (any template; only the learning is required). */
export const savePostmortemAction = withAction({ input: ZPostmortemForm }, async ({ organization, actor, input }) => {
  const fields = input as Record<string, string | undefined>;
  const sections = Object.fromEntries(POSTMORTEM_SECTION_KEYS.map((key) => [key, fields[key]]));
  const { firstPublished } = await savePostmortem(organization.id, input.incidentId, { template: input.template, learning: input.learning, sections, publish: true }, reporterFromActor(actor, "web"), new Date());
  revalidatePath(`/incidents/${input.incidentId}`);
  revalidatePath("/learnings");
  return { message: firstPublished ? "Published: it is on /learnings and in the services' history." : "Saved." };
});

const ZActionItemForm = z.object({
  incidentId: ZIncidentId,
  title: z.string().trim().min(1, "Say what is to be done.").max(500),
  service: optionalText(200),
  ownerName: optionalText(200),
  dueOn: optionalText(10),
});

export const addActionItemAction = withAction({ input: ZActionItemForm }, async ({ organization, input }) => {
  await addActionItem(organization.id, input.incidentId, { title: input.title, service: input.service, ownerName: input.ownerName, dueOn: input.dueOn }, new Date());
  revalidatePath(`/incidents/${input.incidentId}`);
  return { message: "Action item added." };
});

const ZActionItemDoneForm = z.object({ incidentId: ZIncidentId, itemId: z.string().trim().min(1).max(100), done: z.enum(["true", "false"]) });

export const setActionItemDoneAction = withAction({ input: ZActionItemDoneForm }, async ({ organization, input }) => {
  await setActionItemDoneState(organization.id, input.incidentId, input.itemId, input.done === "true", new Date());
  revalidatePath(`/incidents/${input.incidentId}`);
  return { message: input.done === "true" ? "Done." : "Open again." };
});

/** Services come as repeated `service` fields (checkboxes) and a comma-separated `moreServices` text field. */
function readServices(form: FormData): string[] {
  const picked = form.getAll("service").filter((value): value is string => typeof value === "string");
  const typed = String(form.get("moreServices") ?? "")
    .split(/[\s,]+/)
    .map((slug) => slug.trim())
    .filter(Boolean);
  return [...new Set([...picked, ...typed])];
}
