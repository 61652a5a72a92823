import type { App } from "@slack/bolt";
import { REJECT_VIEW_CALLBACK_ID } from "@/domain/notifications/approval-action.ts";
import { rejectReasonSubmitted } from "./reject-reason.ts";
import { REPORT_VIEW_CALLBACK_ID } from "./report-incident-modal.ts";
import { reportIncidentSubmitted } from "./report-incident-submitted.ts";

export function registerViews(app: App): void {
  app.view(REJECT_VIEW_CALLBACK_ID, rejectReasonSubmitted);
  app.view(REPORT_VIEW_CALLBACK_ID, reportIncidentSubmitted);
}
