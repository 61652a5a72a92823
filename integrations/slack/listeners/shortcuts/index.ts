import type { App, MessageShortcut } from "@slack/bolt";
import { REPORT_NEAR_MISS_SHORTCUT_ID } from "@/integrations/slack/listeners/views/report-incident-modal.ts";
import { reportNearMissShortcut } from "./report-near-miss.ts";

export function registerShortcuts(app: App): void {
  app.shortcut<MessageShortcut>(REPORT_NEAR_MISS_SHORTCUT_ID, reportNearMissShortcut);
}
