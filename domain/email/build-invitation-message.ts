import { escapeMrkdwn, mrkdwnLink, type TSlackMessage } from "@/domain/notifications/block-kit.ts";

/** The invitation e-mail, in the same message model as every other notification. */
export function buildInvitationMessage(input: { organizationName: string; role: string; invitedBy: string | null; link: string; expiresAt: Date }): TSlackMessage {
  const who = input.invitedBy ? `*${escapeMrkdwn(input.invitedBy)}* invites you` : "You are invited";
  return {
    text: `Join ${input.organizationName} on Plumbline`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: `Join ${input.organizationName} on Plumbline` } },
      {
        type: "section",
        text: { type: "mrkdwn", text: `${who} to *${escapeMrkdwn(input.organizationName)}* as ${input.role === "admin" ? "an admin" : "a member"}. Sign up or sign in with this e-mail address to accept.` },
      },
      {
        type: "actions",
        block_id: "accept",
        elements: [{ type: "button", action_id: "accept_invitation", text: { type: "plain_text", text: "Accept invitation" }, url: input.link, style: "primary" }],
      },
      { type: "context", elements: [{ type: "mrkdwn", text: `The link works until ${input.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC: ${mrkdwnLink(input.link, input.link)}` }] },
    ],
  };
}
