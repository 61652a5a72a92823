import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { REJECT_REASON_ACTION_ID, REJECT_REASON_BLOCK_ID, REJECT_VIEW_CALLBACK_ID } from "@/domain/notifications/approval-action.ts";
import { checkSlackDecider } from "@/server/notifications/decide-approval-from-slack.ts";
import { emailLookupFor, tellClicker } from "@/integrations/slack/listeners/reply.ts";

type TArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** Reject: check the clicker first (a non-owner hears why at once), then open a modal asking for the reason. */
export async function rejectDeploy({ ack, body, action, client, logger }: TArgs): Promise<void> {
  await ack();
  const value = "value" in action && typeof action.value === "string" ? action.value : undefined;
  const check = await checkSlackDecider({ slackTeamId: body.team?.id, slackUserId: body.user.id, value }, emailLookupFor(client));
  if (check.kind === "refused") {
    await tellClicker(client, body, check.text, logger);
    return;
  }
  await client.views.open({
    trigger_id: body.trigger_id,
    view: {
      type: "modal",
      callback_id: REJECT_VIEW_CALLBACK_ID,
      private_metadata: JSON.stringify({ value, channel: body.channel?.id ?? null }),
      title: { type: "plain_text", text: "Reject deploy" },
      submit: { type: "plain_text", text: "Reject" },
      close: { type: "plain_text", text: "Cancel" },
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: `Rejecting for *${check.teamName}*. CI sees \`rejected\` and the requesting team reads your reason.` } },
        {
          type: "input",
          block_id: REJECT_REASON_BLOCK_ID,
          label: { type: "plain_text", text: "Why?" },
          element: { type: "plain_text_input", action_id: REJECT_REASON_ACTION_ID, multiline: true, max_length: 2000 },
        },
      ],
    },
  });
}
