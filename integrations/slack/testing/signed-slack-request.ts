import { createHmac } from "node:crypto";

/** Headers Slack would send with `body`: v0 HMAC-SHA256 of `v0:<ts>:<body>` under the signing secret. */
export function slackSignatureHeaders(secret: string, body: string, timestampSeconds: number = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestampSeconds}:${body}`).digest("hex")}`;
  return { "x-slack-signature": signature, "x-slack-request-timestamp": String(timestampSeconds) };
}

/** An interaction body as Slack posts it: form-encoded, the JSON in `payload`. */
export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** What every interaction payload carries: its type, the app, the workspace and the user. */
function interactionEnvelope(type: string, teamId: string, userId: string): Record<string, unknown> {
  return {
    type,
    api_app_id: "A0PLUMBLINE",
    token: "legacy-verification-token",
    team: { id: teamId, domain: "fake" },
    user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: teamId },
  };
}

export function blockActionPayload(input: { teamId: string; userId: string; actionId: string; value: string; channelId: string; messageTs: string }): Record<string, unknown> {
  return {
    ...interactionEnvelope("block_actions", input.teamId, input.userId),
    container: { type: "message", message_ts: input.messageTs, channel_id: input.channelId, is_ephemeral: false },
    trigger_id: `${Date.now()}.1.trigger`,
    channel: { id: input.channelId, name: "channel" },
    message: { type: "message", ts: input.messageTs, text: "approval" },
    response_url: "https://hooks.slack.invalid/actions/1",
    actions: [{ type: "button", action_id: input.actionId, block_id: "decision", value: input.value, text: { type: "plain_text", text: "button" }, action_ts: `${Date.now() / 1000}` }],
  };
}

/** A field's state as Slack sends it: a text input's `value`, a select's `selected_option`. */
export type TViewStateValue = { type: string; value?: string | null; selected_option?: { text: { type: "plain_text"; text: string }; value: string } | null };

export function viewSubmissionPayload(input: { teamId: string; userId: string; callbackId: string; privateMetadata: string; values: Record<string, Record<string, TViewStateValue>>; viewId?: string }): Record<string, unknown> {
  return {
    ...interactionEnvelope("view_submission", input.teamId, input.userId),
    trigger_id: `${Date.now()}.2.trigger`,
    view: { id: input.viewId ?? "V0FAKE", type: "modal", callback_id: input.callbackId, private_metadata: input.privateMetadata, state: { values: input.values }, hash: "h", app_id: "A0PLUMBLINE", team_id: input.teamId },
  };
}

/** A message shortcut ("Report a near miss" on a message), as Slack posts it: type message_action. */
export function messageShortcutPayload(input: { teamId: string; userId: string; callbackId: string; channelId: string; message: { ts: string; text: string; user: string } }): Record<string, unknown> {
  return {
    ...interactionEnvelope("message_action", input.teamId, input.userId),
    callback_id: input.callbackId,
    trigger_id: `${Date.now()}.3.trigger`,
    action_ts: `${Date.now() / 1000}`,
    message_ts: input.message.ts,
    channel: { id: input.channelId, name: "channel" },
    message: { type: "message", user: input.message.user, ts: input.message.ts, text: input.message.text },
    response_url: "https://hooks.slack.invalid/shortcuts/1",
  };
}
