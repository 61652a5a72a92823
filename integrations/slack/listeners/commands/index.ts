import type { App } from "@slack/bolt";
import { plumblineCommand } from "./plumbline-command.ts";

export function registerCommands(app: App): void {
  app.command("/plumbline", plumblineCommand);
}
