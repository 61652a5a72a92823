import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { getServiceStatusCard } from "@/server/notifications/get-service-status-card.ts";

/** `/plumbline <service>`: the status card, ephemeral (only the asker sees it), as the ack itself. */
export async function plumblineStatus({ ack, command }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  const card = await getServiceStatusCard(command.team_id, command.text);
  await ack({ response_type: "ephemeral", ...card });
}
