import { isActionItemOverdue } from "@/domain/incidents/action-items.ts";
import type { TPostmortemSections } from "@/domain/incidents/postmortem-templates.ts";
import type { TAffectedReason } from "@/domain/incidents/suggest-affected-services.ts";
import type { TActionItem, TIncidentDetail, TIncidentSummary, TTimelineEntry } from "./incidents.schemas.ts";
import type { TIncidentRow } from "./incidents.repository.ts";
import type { TActionItemRow } from "./incidents-postmortem.repository.ts";

/** Rows to the DTOs the pages, the API and Slack share. */
export function toIncidentSummary(row: TIncidentRow): TIncidentSummary {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    title: row.title,
    startedAt: row.startedAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    reportedVia: row.reportedVia,
    reportedBy: row.reportedBy,
    ownerTeam: row.ownerTeam ? { slug: row.ownerTeam.slug, name: row.ownerTeam.name } : null,
    services: row.services.map((link) => ({ slug: link.service.slug, name: link.service.name, addedBecause: link.addedBecause as TAffectedReason })),
    learning: row.postmortem?.publishedAt ? row.postmortem.learning : null,
    openActionItems: row._count.actionItems,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toIncidentDetail(row: TIncidentRow, timeline: TTimelineEntry[], actionItems: TActionItem[]): TIncidentDetail {
  return {
    ...toIncidentSummary(row),
    description: row.description,
    mitigatedAt: row.mitigatedAt?.toISOString() ?? null,
    sourceUrl: row.sourceUrl,
    alertGroupKey: row.alertGroupKey,
    draftTrigger: isRecord(row.draftTrigger) ? row.draftTrigger : null,
    timeline,
    postmortem: row.postmortem
      ? {
          template: row.postmortem.template,
          learning: row.postmortem.learning,
          sections: (isRecord(row.postmortem.sections) ? row.postmortem.sections : {}) as TPostmortemSections,
          author: row.postmortem.author,
          publishedAt: row.postmortem.publishedAt?.toISOString() ?? null,
          readCount: row.postmortem.readCount,
          updatedAt: row.postmortem.updatedAt.toISOString(),
        }
      : null,
    actionItems,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toActionItem(row: TActionItemRow, now: Date): TActionItem {
  return {
    id: row.id,
    incidentId: row.incidentId,
    title: row.title,
    service: row.service,
    ownerTeam: row.ownerTeam,
    ownerName: row.ownerName,
    dueOn: row.dueOn?.toISOString().slice(0, 10) ?? null,
    doneAt: row.doneAt?.toISOString() ?? null,
    isOverdue: isActionItemOverdue(row, now),
    createdAt: row.createdAt.toISOString(),
  };
}

export function toTimelineEntry(row: { id: string; at: Date; kind: string; text: string; author: string | null; sourceUrl: string | null; sourceLabel: string | null }): TTimelineEntry {
  return { ...row, at: row.at.toISOString() };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
