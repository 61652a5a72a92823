import type { App } from "@slack/bolt";
import { plumblineStatus } from "./plumbline-status.ts";

export function registerCommands(app: App): void {
  app.command("/plumbline", plumblineStatus);
}
