import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { decideApprovalFromSlack } from "@/server/notifications/decide-approval-from-slack.ts";
import { emailLookupFor, tellClicker } from "@/integrations/slack/listeners/reply.ts";

type TArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** Approve: ack at once, then decide through the server use case; the outbox updates the message. */
export async function approveDeploy({ ack, body, action, client, logger }: TArgs): Promise<void> {
  await ack();
  const value = "value" in action && typeof action.value === "string" ? action.value : undefined;
  const result = await decideApprovalFromSlack({ slackTeamId: body.team?.id, slackUserId: body.user.id, value }, { decision: "approve", comment: null }, emailLookupFor(client));
  if (result.kind === "refused") await tellClicker(client, body, result.text, logger);
}
