import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { parseReportCommand } from "@/domain/incidents/slack-report-command.ts";
import { reportIncidentModal } from "@/integrations/slack/listeners/views/report-incident-modal.ts";
import { plumblineStatus } from "./plumbline-status.ts";

type TArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/plumbline incident <service> <what happened>` and `/plumbline near-miss …` open the
 * report modal, pre-filled (submitting it reports through server/notifications/report-incident-from-slack.ts);
 * anything else is `/plumbline <service>`, the status card.
 */
export async function plumblineCommand(args: TArgs): Promise<void> {
  const report = parseReportCommand(args.command.text);
  if (!report) {
    await plumblineStatus(args);
    return;
  }
  await args.ack();
  await args.client.views.open({
    trigger_id: args.command.trigger_id,
    view: reportIncidentModal({ ...report, metadata: { channel: args.command.channel_id || null, message: null } }),
  });
}
