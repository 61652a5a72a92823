import { z } from "zod";
import { INCIDENT_KINDS, type TIncidentKind } from "@/domain/incidents/incident-kinds.ts";
import { INCIDENT_STATUSES, type TIncidentStatus } from "@/domain/incidents/incident-statuses.ts";
import { POSTMORTEM_SECTION_KEYS, POSTMORTEM_TEMPLATES, type TPostmortemSections, type TPostmortemTemplate } from "@/domain/incidents/postmortem-templates.ts";
import type { TAffectedReason } from "@/domain/incidents/suggest-affected-services.ts";

/** Incidents as the pages, the API and Slack read and write them: plain data, no Prisma types. */

const SLUG = z.string().trim().min(1).max(200);
const URL_TEXT = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).max(2000);
const ISO_TIME = z.iso.datetime({ offset: true, message: "must be an ISO 8601 time such as 2026-01-31T12:00:00Z" });

export const ZIncidentKind = z.enum(INCIDENT_KINDS, { message: `kind must be one of ${INCIDENT_KINDS.join(", ")}` });
export const ZIncidentStatus = z.enum(INCIDENT_STATUSES, { message: `status must be one of ${INCIDENT_STATUSES.join(", ")}` });

/** Reporting needs one sentence; everything else is optional and can be added later. */
export const ZReportIncidentInput = z.object({
  title: z.string().trim().min(1, "title: say what happened, in one sentence").max(500, "title: at most 500 characters (the rest goes in description)"),
  kind: ZIncidentKind.default("SEV3"),
  description: z.string().trim().max(20_000).optional(),
  services: z.array(SLUG).max(50).default([]),
  ownerTeam: SLUG.optional(),
  startedAt: ISO_TIME.optional(),
  sourceUrl: URL_TEXT.optional(),
});
export type TReportIncidentInput = z.input<typeof ZReportIncidentInput>;

export const ZUpdateIncidentInput = z
  .object({
    title: z.string().trim().min(1).max(500),
    kind: ZIncidentKind,
    status: ZIncidentStatus,
    description: z.string().trim().max(20_000).nullable(),
    ownerTeam: SLUG.nullable(),
    startedAt: ISO_TIME,
    /** Services to add (reason "reported") and remove, by slug. */
    addServices: z.array(SLUG).max(50),
    removeServices: z.array(SLUG).max(50),
  })
  .partial();
export type TUpdateIncidentInput = z.infer<typeof ZUpdateIncidentInput>;

export const ZTimelineEntryInput = z.object({
  text: z.string().trim().min(1, "text: what happened at that moment").max(5000),
  at: ISO_TIME.optional(),
  sourceUrl: URL_TEXT.optional(),
  sourceLabel: z.string().trim().max(200).optional(),
});
export type TTimelineEntryInput = z.infer<typeof ZTimelineEntryInput>;

export const ZPostmortemInput = z.object({
  template: z.enum(POSTMORTEM_TEMPLATES).default("one_sentence"),
  learning: z.string().trim().min(1, "learning: what did we learn? One sentence is enough").max(5000),
  sections: z.object(Object.fromEntries(POSTMORTEM_SECTION_KEYS.map((key) => [key, z.string().max(20_000).optional()]))).partial().default({}),
  /** Publish now (list it on /learnings, post it to the learnings channel). Default true: writing it down is the point. */
  publish: z.boolean().default(true),
});
export type TPostmortemInput = z.input<typeof ZPostmortemInput>;

export const ZActionItemInput = z.object({
  title: z.string().trim().min(1, "title: what is to be done").max(500),
  service: SLUG.optional(),
  ownerTeam: SLUG.optional(),
  ownerName: z.string().trim().max(200).optional(),
  dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "dueOn must be a date such as 2026-12-24").optional(),
});
export type TActionItemInput = z.infer<typeof ZActionItemInput>;

export const ZActionItemUpdate = z.object({ done: z.boolean() });

export const INCIDENTS_PAGE_MAX = 200;

export const ZIncidentListQuery = z.object({
  kind: ZIncidentKind.optional(),
  status: ZIncidentStatus.optional(),
  service: SLUG.optional(),
  team: SLUG.optional(),
  limit: z.coerce.number().int().min(1).max(INCIDENTS_PAGE_MAX).default(50),
});
export type TIncidentListQuery = z.infer<typeof ZIncidentListQuery>;

export const ZChangedNearbyQuery = z.object({ hours: z.coerce.number().int().min(1, "hours must be 1 to 72").max(72, "hours must be 1 to 72").default(6) });

export const ZLearningListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  service: SLUG.optional(),
  team: SLUG.optional(),
  kind: ZIncidentKind.optional(),
  limit: z.coerce.number().int().min(1).max(INCIDENTS_PAGE_MAX).default(50),
});
export type TLearningListQuery = z.infer<typeof ZLearningListQuery>;

export interface TServiceRef {
  slug: string;
  name: string;
}

export interface TTeamRef {
  slug: string;
  name: string;
}

export interface TIncidentSummary {
  id: string;
  kind: TIncidentKind;
  status: TIncidentStatus;
  title: string;
  startedAt: string;
  resolvedAt: string | null;
  reportedVia: string;
  reportedBy: string | null;
  ownerTeam: TTeamRef | null;
  services: (TServiceRef & { addedBecause: TAffectedReason })[];
  learning: string | null;
  openActionItems: number;
  createdAt: string;
}

export interface TTimelineEntry {
  id: string;
  at: string;
  kind: string;
  text: string;
  author: string | null;
  sourceUrl: string | null;
  sourceLabel: string | null;
}

export interface TPostmortem {
  template: TPostmortemTemplate;
  learning: string;
  sections: TPostmortemSections;
  author: string | null;
  publishedAt: string | null;
  readCount: number;
  updatedAt: string;
}

export interface TActionItem {
  id: string;
  incidentId: string;
  title: string;
  service: TServiceRef | null;
  ownerTeam: TTeamRef | null;
  ownerName: string | null;
  dueOn: string | null;
  doneAt: string | null;
  isOverdue: boolean;
  createdAt: string;
}

export interface TIncidentDetail extends TIncidentSummary {
  description: string | null;
  mitigatedAt: string | null;
  sourceUrl: string | null;
  alertGroupKey: string | null;
  draftTrigger: Record<string, unknown> | null;
  timeline: TTimelineEntry[];
  postmortem: TPostmortem | null;
  actionItems: TActionItem[];
  updatedAt: string;
}
