import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { z } from "zod";
import { REJECT_REASON_ACTION_ID, REJECT_REASON_BLOCK_ID } from "@/domain/notifications/approval-action.ts";
import { decideApprovalFromSlack } from "@/server/notifications/decide-approval-from-slack.ts";
import { emailLookupFor } from "@/integrations/slack/listeners/reply.ts";

type TArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const ZMetadata = z.object({ value: z.string(), channel: z.string().nullable() });

/** The reject modal's submit: a reason is required; then the rejection is recorded like a button click. */
export async function rejectReasonSubmitted({ ack, body, view, client, logger }: TArgs): Promise<void> {
  const reason = view.state.values[REJECT_REASON_BLOCK_ID]?.[REJECT_REASON_ACTION_ID]?.value?.trim() ?? "";
  if (reason.length === 0) {
    await ack({ response_action: "errors", errors: { [REJECT_REASON_BLOCK_ID]: "Say why, so the requester knows what to fix." } });
    return;
  }
  await ack();
  const metadata = ZMetadata.safeParse(safeJson(view.private_metadata));
  const result = await decideApprovalFromSlack(
    { slackTeamId: body.team?.id ?? body.user.team_id, slackUserId: body.user.id, value: metadata.success ? metadata.data.value : undefined },
    { decision: "reject", comment: reason },
    emailLookupFor(client),
  );
  if (result.kind === "refused" && metadata.success && metadata.data.channel) {
    await client.chat.postEphemeral({ channel: metadata.data.channel, user: body.user.id, text: result.text }).catch((error: unknown) => logger.warn(`slack: could not post an ephemeral answer: ${String(error)}`));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
