import type { App } from "@slack/bolt";
import { APPROVE_ACTION_ID, REJECT_ACTION_ID } from "@/domain/notifications/approval-action.ts";
import { approveDeploy } from "./approve-deploy.ts";
import { rejectDeploy } from "./reject-deploy.ts";

export function registerActions(app: App): void {
  app.action(APPROVE_ACTION_ID, approveDeploy);
  app.action(REJECT_ACTION_ID, rejectDeploy);
}
